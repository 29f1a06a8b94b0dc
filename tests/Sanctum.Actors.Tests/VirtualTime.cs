namespace Sanctum.Actors.Tests;

/// <summary>The TestKit configuration for virtual time: the system's scheduler is a <c>TestScheduler</c> the test advances.</summary>
internal static class VirtualTime
{
    public const string Config = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";
}
