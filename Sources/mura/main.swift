import MuraCommandLine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `mura` answers a restore itself and hands every other command to `mura-commands`, which holds them all: a restore's
// time is mostly starting the process, and this one starts without the libraries and the command tree the other
// commands need. A restore whose arguments are not in the plain forms (help, a mistake) goes to `mura-commands` too,
// which words the message.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "restore", let request = RestoreRequest(arguments: Array(arguments.dropFirst())) {
    exit(WaitingMain.run { await request.runAndExit() })
}
CommandsProgram.run()
