// swift-tools-version:6.2
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")

// `mura` is linked as a fully static executable in release builds: a restore's time is mostly starting the process,
// and the dynamic loader alone (ICU, libxml2, libarchive and its compressors, SQLite) costs more than the rest.
// libarchive's static library needs the libraries it was built with, which Scripts/setup installs.
let staticExecutable: [String] =
    ["-static-executable", "-Xlinker", "--start-group"]
    + ["archive", "nettle", "acl", "lzma", "lz4", "bz2", "xml2", "icui18n", "icuuc", "icudata", "z", "zstd", "sqlite3"]
    .flatMap { ["-Xlinker", "-l\($0)"] }
    + ["stemmer", "stdc++", "m"].flatMap { ["-Xlinker", "-l\($0)"] } + ["-Xlinker", "--end-group"]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),  // SE-0335
    .enableUpcomingFeature("MemberImportVisibility"),  // SE-0444
    .enableUpcomingFeature("InternalImportsByDefault"),  // SE-0409
]

let package = Package(
    name: "Mura",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mura", targets: ["mura"]),
        .executable(name: "mura-commands", targets: ["MuraCommands"]),
        .library(name: "ArchiveCore", targets: ["ArchiveCore"]),
        .library(name: "ArchiveBuiltins", targets: ["ArchiveBuiltins"]),
        .library(name: "ArchiveCapture", targets: ["ArchiveCapture"]),
        .library(name: "ArchiveWARC", targets: ["ArchiveWARC"]),
        .library(name: "ArchiveText", targets: ["ArchiveText"]),
        .library(name: "ArchivePlainText", targets: ["ArchivePlainText"]),
        .library(name: "ArchiveHTML", targets: ["ArchiveHTML"]),
        .library(name: "ArchiveJSON", targets: ["ArchiveJSON"]),
        .library(name: "ArchiveBinary", targets: ["ArchiveBinary"]),
        .library(name: "ArchiveTesting", targets: ["ArchiveTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // Snowball stemmers: Debian's libstemmer-dev has no pkg-config file; the module map links it.
        .systemLibrary(
            name: "CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        // libzstd for bundles that share content (dictionaries, references); libarchive's zstd filter takes neither.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // MARK: Core library
        .target(
            name: "ArchiveCore",
            dependencies: [
                "CArchive", "CStemmer", "CZstd", crypto, grdb, .product(name: "GRDBSQLite", package: "GRDB.swift"),
                logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArchiveBuiltins",
            dependencies: ["ArchiveCore", "ArchivePlainText", "ArchiveHTML", "ArchiveJSON", "ArchiveBinary"],
            swiftSettings: swiftSettings
        ),

        // Fetching pages from the web (`mura capture`) and watching feeds, sitemaps and listing pages (`mura watch`).
        .target(
            name: "ArchiveCapture",
            dependencies: [
                "ArchiveCore", "ArchiveBinary", "ArchiveHTML", "CLibXML2",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Taking in WARC and WACZ files (`mura ingest`): records read into versions, HTTP responses read with
        // SwiftNIO's parser and decompressor.
        .target(
            name: "ArchiveWARC",
            dependencies: [
                "ArchiveCore", "ArchiveBinary", crypto, .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Format plugins (library targets under Plugins/, so `path:` is required)
        // What the importers share to read text: dates in many languages and forms, date labels, page chrome,
        // language guessing, byte-level string helpers.
        .target(
            name: "ArchiveText",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArchivePlainText",
            dependencies: ["ArchiveCore", "ArchiveText"],
            path: "Plugins/ArchivePlainText",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArchiveHTML",
            dependencies: ["ArchiveCore", "ArchiveText", "CLibXML2"],
            path: "Plugins/ArchiveHTML",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArchiveJSON",
            dependencies: ["ArchiveCore", "ArchiveText"],
            path: "Plugins/ArchiveJSON",
            exclude: ["mura-document.schema.json"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArchiveBinary",
            dependencies: ["ArchiveCore"],
            path: "Plugins/ArchiveBinary",
            swiftSettings: swiftSettings
        ),

        // MARK: Front ends
        .target(
            name: "ArchiveServer",
            dependencies: [
                "ArchiveCore", "ArchiveCapture", hummingbird, .product(name: "HTTPTypes", package: "swift-http-types"),
                logging,
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // What `mura` and `mura-commands` share: the restore that `mura` runs itself, errors' exit codes and messages,
        // the archive folder and the log.
        .target(
            name: "MuraCommandLine",
            dependencies: ["ArchiveCore", logging],
            swiftSettings: swiftSettings
        ),
        // `mura`: runs a restore itself and hands every other command to `mura-commands`.
        .executableTarget(
            name: "mura",
            dependencies: ["MuraCommandLine"],
            swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(staticExecutable, .when(platforms: [.linux], configuration: .release))]
        ),
        // `mura-commands`: every command, parsed with ArgumentParser.
        .executableTarget(
            name: "MuraCommands",
            dependencies: [
                "ArchiveBinary", "ArchiveCore", "ArchiveBuiltins", "ArchiveCapture", "ArchiveServer", "ArchiveWARC",
                "MuraCommandLine",
                argumentParser, logging,
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test support
        .target(
            name: "ArchiveTesting",
            dependencies: ["ArchiveCore", logging],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "ArchiveCoreTests",
            dependencies: ["ArchiveCore", "ArchiveBuiltins", "ArchiveTesting", "CArchive", grdb],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveTextTests",
            dependencies: ["ArchiveText", "ArchiveCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchivePlainTextTests",
            dependencies: ["ArchiveCore", "ArchivePlainText", "ArchiveTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveHTMLTests",
            dependencies: ["ArchiveCore", "ArchiveHTML", "ArchiveText", "ArchiveTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveJSONTests",
            dependencies: ["ArchiveCore", "ArchiveJSON", "ArchiveHTML", "ArchiveTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveServerTests",
            dependencies: [
                "ArchiveCore", "ArchiveBuiltins", "ArchiveServer", "ArchiveTesting", hummingbird, logging,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            // The OpenAPI fuzzer's settings, read by the test that runs it.
            exclude: ["schemathesis.toml"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveCaptureTests",
            dependencies: [
                "mura", "MuraCommands", "ArchiveCore", "ArchiveBuiltins", "ArchiveCapture", "ArchiveWARC",
                "ArchiveTesting",
                hummingbird,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MuraTests",
            dependencies: [
                "mura", "MuraCommands", "MuraCommandLine", "ArchiveCore", "ArchiveBuiltins", "ArchiveTesting",
                argumentParser,
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Micro-benchmarks of the hot paths (package-benchmark), built only when asked for, so CI and users never build
// them: MURA_BENCHMARKS=1 swift package benchmark (Scripts/bench-micro does this).
if Context.environment["MURA_BENCHMARKS"] != nil {
    // Without the interposer traits: the ARC and malloc interposers are not needed for wall-clock figures.
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: [])
    )
    package.targets.append(
        .executableTarget(
            name: "ArchiveBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"), "ArchiveCore", "ArchiveBuiltins",
            ],
            path: "Benchmarks/ArchiveBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    )
}

// libFuzzer targets for every parser that untrusted bytes reach, in one executable, built only when asked for with
// the sanitizers in their own scratch folder, so CI's normal build and users never build it: Scripts/fuzz does this
// (MURA_FUZZ=1 swift build --product MuraFuzz -Xswiftc -sanitize=fuzzer,address ...).
if Context.environment["MURA_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "MuraFuzz",
            dependencies: [
                "ArchiveCore", "ArchiveBuiltins", "ArchiveServer", "ArchivePlainText", "ArchiveHTML", "ArchiveJSON",
                "ArchiveWARC", "ArchiveCapture", hummingbird, logging,
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Fuzz/MuraFuzz",
            // libFuzzer supplies `main`; the target's entry is MuraFuzz_main, which starts libFuzzer's driver.
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        )
    )
}

// The search benchmark (Scripts/bench: a catalog filled with up to millions of versions, a fixed mix of queries
// timed), built only when asked for, in its own scratch folder: MURA_SEARCH_BENCHMARK=1 swift build --product
// MuraSearchBenchmark.
if Context.environment["MURA_SEARCH_BENCHMARK"] != nil {
    package.targets.append(
        .executableTarget(
            name: "MuraSearchBenchmark",
            dependencies: ["ArchiveCore"],
            path: "Benchmarks/MuraSearchBenchmark",
            swiftSettings: swiftSettings
        )
    )
}
