/// The version of this Mura build, written into every bundle.
public enum MuraVersion {
    public static let current = "0.1.0"
}
