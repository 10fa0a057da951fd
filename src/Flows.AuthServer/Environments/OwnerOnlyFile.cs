namespace Flows.AuthServer.Environments;

/// <summary>Appends to a file only its owner may read or write (mode 0600 on Unix), as a file of generated secrets must be.</summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Append(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // A file that was there already (made by hand, or under a wider umask) is narrowed before anything is written.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
        }

        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
