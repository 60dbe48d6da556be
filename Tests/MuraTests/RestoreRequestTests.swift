import MuraCommandLine
import Testing

/// `mura` runs a restore itself only for the plain forms of its options; everything else goes to `mura-commands`,
/// whose parser words the messages.
@Suite struct RestoreRequestTests {
    @Test func plainFormsAreRead() {
        #expect(
            RestoreRequest(arguments: ["press/42", "--at", "2024-05-01"])
                == RestoreRequest(id: "press/42", at: "2024-05-01")
        )
        #expect(
            RestoreRequest(arguments: [
                "--archive=/srv/a", "-o", "out.html", "--at=2024-05-01T10:00:00Z", "--force", "-v", "press/42",
            ])
                == RestoreRequest(
                    archive: "/srv/a",
                    id: "press/42",
                    at: "2024-05-01T10:00:00Z",
                    output: "out.html",
                    force: true,
                    verbose: true
                )
        )
        #expect(
            RestoreRequest(arguments: ["a b", "--output", "x=y.html", "--verbose", "--at", "soon"])
                == RestoreRequest(id: "a b", at: "soon", output: "x=y.html", verbose: true)
        )
    }

    @Test(arguments: [
        [], ["press/42"], ["--at", "2024-05-01"], ["press/42", "--at"], ["press/42", "--at="],
        ["press/42", "--at", "--force"], ["press/42", "--at", "2024-05-01", "--at", "2024-06-01"],
        ["press/42", "other", "--at", "2024-05-01"], ["press/42", "--at", "2024-05-01", "--help"],
        ["press/42", "--at", "2024-05-01", "-h"], ["press/42", "--at", "2024-05-01", "--force", "--force"],
        ["press/42", "--at", "2024-05-01", "--force=yes"], ["press/42", "--at", "2024-05-01", "--", "x"],
        ["press/42", "--at", "2024-05-01", "-vo", "x"], ["press/42", "--at", "2024-05-01", "--ouput", "x"],
        ["", "--at", "2024-05-01"],
    ])
    func anythingElseIsLeftToTheFullParser(_ arguments: [String]) {
        #expect(RestoreRequest(arguments: arguments) == nil, "\(arguments)")
    }
}
