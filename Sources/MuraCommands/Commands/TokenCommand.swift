public import ArchiveCore
public import ArgumentParser
import Foundation

extension AccessToken.Role: ExpressibleByArgument {}

/// `mura token create|list|revoke|reads`: bearer tokens for the archive service.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the bearer tokens of the archive service, and whether reads need one.",
        discussion: """
            Writes through `mura serve` (POST /documents) always need a write token. Reads are open unless \
            `mura token reads token` (or `mura init --reads token`) makes them need a read or write token. \
            Only a hash of each token is kept: a token is printed once, when it is created.
            """,
        subcommands: [Create.self, List.self, Revoke.self, Reads.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once.")

        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "read (GET requests) or write (also POST /documents).")
        var role: AccessToken.Role

        @Option(help: "A label, such as the client the token is for.")
        var name: String?

        func run() async throws {
            let (token, secret) = try await reportingAsyncErrors {
                try await archive.open().createAccessToken(role: role, name: name)
            }
            if output.json {
                struct Created: Encodable {
                    var id: String
                    var role: AccessToken.Role
                    var name: String?
                    var token: String
                }
                return try Console.printJSON(Created(id: token.id, role: token.role, name: token.name, token: secret))
            }
            Console.print(secret)
            Console.note(
                "Created \(role.rawValue) token \(token.id). Keep it now: it is not stored and cannot be shown again."
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids and roles, never the secrets).")

        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let opened = try await reportingAsyncErrors { try await archive.open() }
            let tokens = try await reportingAsyncErrors { try await opened.accessTokens.tokens() }
            if output.json {
                struct Listed: Encodable {
                    var id: String
                    var role: AccessToken.Role
                    var name: String?
                    var createdAt: Date
                }
                return try Console.printJSON(
                    tokens.map { Listed(id: $0.id, role: $0.role, name: $0.name, createdAt: $0.createdAt) }
                )
            }
            Console.print("Reads: \(opened.settings.readsNeedToken ? "need a token" : "open")")
            for token in tokens {
                Console.print(
                    "\(token.id)  \(token.role.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0))  "
                        + "\(ArchiveDate.format(token.createdAt))  \(token.name ?? "")"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")

        @OptionGroup var archive: ArchiveOptions

        @Argument(help: "The token id, as `mura token list` shows it.")
        var id: String

        func run() async throws {
            try await reportingAsyncErrors { try await archive.open().revokeAccessToken(id: id) }
            Console.print("Revoked token \(id).")
        }
    }

    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Set who may read through the service: open, or token. A running service follows it within a second."
        )

        @OptionGroup var archive: ArchiveOptions

        @Argument(help: "open or token.")
        var access: ArchiveSettings.ReadAccess

        func run() async throws {
            try await reportingAsyncErrors { _ = try await archive.open().changingSettings { $0.readAccess = access } }
            Console.print(access == .token ? "Reads now need a read or write token." : "Reads are now open.")
        }
    }
}
