using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LcPfn.Transformer.Tests.Runtime;

/// <summary>
/// Finds, in an assembly's IL, the call sites that create a TorchSharp Scalar nobody holds during the native call
/// (see <c>HeldScalars</c>): an implicit conversion to Scalar, a <c>ToScalar()</c> whose result is neither stored in a
/// static field nor in a local that is disposed later (the <c>using</c> pattern), or a call of a TorchSharp method that
/// does either inside (found over TorchSharp's own call graph).
/// </summary>
internal sealed class ScalarLifetimeScanner
{
    private readonly HashSet<string> _unsafeTorchSharpMethods;

    public ScalarLifetimeScanner(string torchSharpPath)
    {
        var calls = new Dictionary<string, HashSet<string>>();
        var unsafeMethods = new HashSet<string>();
        foreach (var method in Methods(torchSharpPath))
        {
            calls[method.Name] = [.. method.Calls.Select(c => c.Callee)];
            if (TemporaryScalars(method).Any()) unsafeMethods.Add(method.Name);
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (caller, callees) in calls)
            {
                if (!unsafeMethods.Contains(caller) && callees.Overlaps(unsafeMethods)) changed = unsafeMethods.Add(caller);
            }
        }
        _unsafeTorchSharpMethods = unsafeMethods;
    }

    /// <summary>TorchSharp methods that create an unheld Scalar, directly or through another one.</summary>
    public int UnsafeTorchSharpMethods => _unsafeTorchSharpMethods.Count;

    /// <summary>"caller → callee" for every unsafe call site of the assembly, optionally only in <paramref name="typeName"/>.</summary>
    public IReadOnlyList<string> Scan(string assemblyPath, string? typeName = null)
    {
        var found = new List<string>();
        foreach (var method in Methods(assemblyPath))
        {
            if (typeName is not null && !method.Name.StartsWith(typeName + "::", StringComparison.Ordinal)) continue;
            found.AddRange(TemporaryScalars(method).Select(c => $"{method.Name} → {c}"));
            found.AddRange(method.Calls.Where(c => _unsafeTorchSharpMethods.Contains(c.Callee)).Select(c => $"{method.Name} → {c.Callee}"));
        }
        return found;
    }

    private static IEnumerable<string> TemporaryScalars(MethodIl method)
    {
        foreach (var call in method.Calls)
        {
            if (call.Callee.StartsWith("TorchSharp.Scalar::op_Implicit", StringComparison.Ordinal))
                yield return call.Callee;
            else if (call.Callee.StartsWith("TorchSharp.ScalarExtensionMethods::ToScalar", StringComparison.Ordinal) && !IsHeld(method, call.Index))
                yield return call.Callee + " (not held)";
        }
    }

    // Held: stored in a static field, or in a local that the method later disposes (ldloc n; callvirt Dispose).
    private static bool IsHeld(MethodIl method, int callIndex)
    {
        if (callIndex + 1 >= method.Instructions.Length) return false;
        var next = method.Instructions[callIndex + 1];
        if (next.OpCode == 0x80) return true; // stsfld
        if (LocalStored(next) is not { } local) return false;
        for (var i = callIndex + 2; i + 1 < method.Instructions.Length; i++)
        {
            if (LocalLoaded(method.Instructions[i]) == local && method.Calls.Any(c => c.Index == i + 1 && c.Callee.EndsWith("::Dispose()", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    private static int? LocalStored(Instruction i) => i.OpCode switch
    {
        >= 0x0A and <= 0x0D => i.OpCode - 0x0A,
        0x13 or 0xFE0E => i.Operand,
        _ => null,
    };

    private static int? LocalLoaded(Instruction i) => i.OpCode switch
    {
        >= 0x06 and <= 0x09 => i.OpCode - 0x06,
        0x11 or 0xFE0C => i.Operand,
        _ => null,
    };

    private readonly record struct Instruction(int OpCode, int Operand);

    private readonly record struct Call(int Index, string Callee);

    private sealed record MethodIl(string Name, ImmutableArray<Instruction> Instructions, IReadOnlyList<Call> Calls);

    private static List<MethodIl> Methods(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new SignatureNames();
        var methods = new List<MethodIl>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var definition = md.GetMethodDefinition(methodHandle);
                if (definition.RelativeVirtualAddress == 0) continue;
                var il = pe.GetMethodBody(definition.RelativeVirtualAddress).GetILReader();
                var instructions = ImmutableArray.CreateBuilder<Instruction>();
                var calls = new List<Call>();
                while (il.RemainingBytes > 0)
                {
                    int op = il.ReadByte();
                    if (op == 0xFE) op = 0xFE00 | il.ReadByte();
                    var operand = ReadOperand(ref il, op);
                    if (op is 0x28 or 0x6F or 0x73) calls.Add(new Call(instructions.Count, MemberName(md, names, MetadataTokens.EntityHandle(operand))));
                    instructions.Add(new Instruction(op, operand));
                }
                methods.Add(new MethodIl(names.GetTypeFromDefinition(md, typeHandle, 0) + "::" + md.GetString(definition.Name) + Parameters(md, names, definition.Signature),
                    instructions.ToImmutable(), calls));
            }
        }
        return methods;
    }

    // ECMA-335 III: the operand sizes of every opcode (switch has a count and a table).
    private static int ReadOperand(ref BlobReader il, int op)
    {
        switch (op)
        {
            case 0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or 0xDE or (>= 0x2B and <= 0x37) or 0xFE12 or 0xFE19:
                return il.ReadByte();
            case 0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E:
                return il.ReadUInt16();
            case 0x21 or 0x23:
                il.Offset += 8;
                return 0;
            case 0x45:
                var targets = il.ReadInt32();
                il.Offset += 4 * targets;
                return 0;
            case 0x20 or 0x22 or (>= 0x38 and <= 0x44) or 0xDD or 0x27 or 0x28 or 0x29 or 0x6F or 0x70 or 0x71 or 0x72 or 0x73 or 0x74 or 0x75
                or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F or 0x80 or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6
                or 0xD0 or 0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C:
                return il.ReadInt32();
            default:
                return 0;
        }
    }

    private static string MemberName(MetadataReader md, SignatureNames names, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var definition = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                return names.GetTypeFromDefinition(md, definition.GetDeclaringType(), 0) + "::" + md.GetString(definition.Name) + Parameters(md, names, definition.Signature);
            case HandleKind.MemberReference:
                var reference = md.GetMemberReference((MemberReferenceHandle)handle);
                var parent = reference.Parent.Kind switch
                {
                    HandleKind.TypeReference => names.GetTypeFromReference(md, (TypeReferenceHandle)reference.Parent, 0),
                    HandleKind.TypeDefinition => names.GetTypeFromDefinition(md, (TypeDefinitionHandle)reference.Parent, 0),
                    HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)reference.Parent).DecodeSignature(names, null),
                    _ => "?",
                };
                return parent + "::" + md.GetString(reference.Name) + Parameters(md, names, reference.Signature);
            case HandleKind.MethodSpecification:
                return MemberName(md, names, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return "?";
        }
    }

    private static string Parameters(MetadataReader md, SignatureNames names, BlobHandle signature)
    {
        var reader = md.GetBlobReader(signature);
        if (reader.ReadSignatureHeader().Kind != SignatureKind.Method) return "";
        reader.Reset();
        var decoded = new SignatureDecoder<string, object?>(names, md, null).DecodeMethodSignature(ref reader);
        return "(" + string.Join(",", decoded.ParameterTypes) + ")";
    }

    /// <summary>Type names that are the same whether a type is defined in the assembly or referenced from another.</summary>
    private sealed class SignatureNames : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var name = reader.GetString(type.Name);
            if (type.GetDeclaringType() is { IsNil: false } declaring) return GetTypeFromDefinition(reader, declaring, rawTypeKind) + "+" + name;
            var ns = reader.GetString(type.Namespace);
            return ns.Length > 0 ? ns + "." + name : name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference) return GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "+" + name;
            var ns = reader.GetString(type.Namespace);
            return ns.Length > 0 ? ns + "." + name : name;
        }
    }
}
