using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class ProcLocksParserTests
{
    /// <summary>
    /// Lines in the shape Linux 6.18 prints them (flock(1) on a temp file here: <c>1: FLOCK  ADVISORY  WRITE 12033 fe:00:11660869 0 EOF</c>):
    /// a data-folder flock on device 0:2e with a POSIX lock, a waiter and an OFD lock on the same inode, and a flock on another device.
    /// </summary>
    private const string Locks = """
        1: POSIX  ADVISORY  WRITE 812 00:2e:1234567 0 EOF
        2: FLOCK  ADVISORY  WRITE 4242 00:2e:1234567 0 EOF
        2: -> FLOCK  ADVISORY  WRITE 4300 00:2e:1234567 0 EOF
        3: FLOCK  ADVISORY  WRITE 977 fe:01:1234567 0 EOF
        4: OFDLCK ADVISORY  READ  -1 00:2e:1234567 0 EOF
        """;

    [Theory]
    [InlineData(0u, 0x2eu, 1234567ul, new[] { 4242 })]
    [InlineData(0xfeu, 1u, 1234567ul, new[] { 977 })]
    [InlineData(0u, 0x2eu, 7654321ul, new int[0])]
    [InlineData(8u, 1u, 1234567ul, new int[0])]
    public void OnlyTheFlocksOnThatFileAreItsHolders(uint major, uint minor, ulong inode, int[] expected) =>
        Assert.Equal(expected, ProcLocksParser.FlockHolders(Locks, major, minor, inode));

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n\n\0\0\0")]
    [InlineData("1: FLOCK ADVISORY WRITE 4242")]
    [InlineData("1: FLOCK ADVISORY WRITE 0 00:2e:1234567 0 EOF")]
    [InlineData("1: FLOCK ADVISORY WRITE -4242 00:2e:1234567 0 EOF")]
    [InlineData("1: FLOCK ADVISORY WRITE 99999999999999 00:2e:1234567 0 EOF")]
    [InlineData("1: FLOCK ADVISORY WRITE 4242 00:2e 0 EOF")]
    [InlineData("1: FLOCK ADVISORY WRITE 4242 zz:2e:1234567 0 EOF")]
    [InlineData("1: FLOCK ADVISORY WRITE 4242 00:2e:-1 0 EOF")]
    public void WhatDoesNotParseNamesNoHolder(string text) =>
        Assert.Empty(ProcLocksParser.FlockHolders(text, 0, 0x2e, 1234567));
}
