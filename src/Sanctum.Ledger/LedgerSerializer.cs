using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Sanctum.Ledger;

/// <summary>
/// JSON with a stable, versioned manifest per ledger type. A new shape of an event gets a new manifest
/// (and type) and the old one keeps reading, so journals written by older daemons stay readable.
/// </summary>
public sealed class LedgerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly Dictionary<string, Type> ByManifest = new(StringComparer.Ordinal)
    {
        ["freeze-opened.v1"] = typeof(FreezeOpened),
        ["freeze-closed.v1"] = typeof(FreezeClosed),
        ["decision.v1"] = typeof(DecisionRecorded),
        ["evaluation.v1"] = typeof(EvaluationRecorded),
        ["cooldown.v1"] = typeof(CooldownStarted),
        ["deadman-acted.v1"] = typeof(DeadmanActed),
        ["snapshot.v1"] = typeof(LedgerSnapshot),
    };

    private static readonly Dictionary<Type, string> ByType = ByManifest.ToDictionary(kv => kv.Value, kv => kv.Key);

    public const int Id = 7_401;

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ByType.TryGetValue(o.GetType(), out var manifest) ? manifest : throw new ArgumentException($"not a ledger type: {o.GetType()}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type) ?? throw new System.Runtime.Serialization.SerializationException($"empty {manifest}")
            : throw new System.Runtime.Serialization.SerializationException($"unknown ledger manifest '{manifest}' (written by a newer sanctumd?)");
}
