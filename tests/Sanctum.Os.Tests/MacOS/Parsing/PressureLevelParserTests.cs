using Sanctum.Os.MacOS;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class PressureLevelParserTests
{
    [Theory]
    [InlineData("kern.memorystatus_vm_pressure_level: 4\n", 4)]
    [InlineData("kern.memorystatus_vm_pressure_level: 1", 1)]
    [InlineData("kern.memorystatus_vm_pressure_level:2\r\n", 2)]
    [InlineData("4\n", 4)]
    [InlineData("  3  ", 3)]
    [InlineData("\n\n1\n\n", 1)]
    [InlineData("17", 17)]
    [InlineData("2147483647", int.MaxValue)]
    public void ParsesPositiveLevels(string text, int level)
    {
        Assert.Equal(Parsed<int>.Success(level), PressureLevelParser.Parse(text));
    }

    [Theory]
    [InlineData("kern.memorystatus_vm_pressure_level: CRITICAL", "not a non-negative integer: 'CRITICAL'")]
    [InlineData("kern.memorystatus_vm_pressure_level:", "empty number")]
    [InlineData("kern.memorystatus_vm_pressure_level: 0", "level must be positive")]
    [InlineData("-1", "not a non-negative integer: '-1'")]
    [InlineData("+4", "not a non-negative integer: '+4'")]
    [InlineData("4.0", "not a non-negative integer: '4.0'")]
    [InlineData("4 4", "not a non-negative integer: '4 4'")]
    [InlineData("2147483648", "number out of range: '2147483648'")]
    [InlineData("99999999999999999999999", "number out of range: '99999999999999999999999'")]
    [InlineData("vm.memory_pressure: 4", "not a non-negative integer: 'vm.memory_pressure: 4'")]
    [InlineData("sysctl: unknown oid 'kern.memorystatus_vm_pressure_level'", "not a non-negative integer: 'sysctl: unknown oid 'kern.memorystatus_vm_pressure_level''")]
    public void NonNumericIsAnError(string line, string message)
    {
        Assert.Equal(new ParseError(PressureLevelParser.Source, 1, message, line), PressureLevelParser.Parse(line).Error);
    }

    [Fact]
    public void ExtraLineIsAnError()
    {
        Assert.Equal(new ParseError(PressureLevelParser.Source, 2, "unexpected extra line", "4"), PressureLevelParser.Parse("4\n4").Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    public void EmptyInputIsAnError(string text)
    {
        Assert.Equal(new ParseError(PressureLevelParser.Source, 0, "empty input"), PressureLevelParser.Parse(text).Error);
    }
}
