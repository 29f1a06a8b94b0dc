using Sanctum.Policy.Text;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace Sanctum.Daemon;

/// <summary>
/// Formats each event with <paramref name="inner"/> after making its message text and every value it carries
/// <see cref="Printable"/>: a process named <c>x\n[ERR] FAKE</c> cannot forge a log line, nor an ESC sequence reach
/// the log or the terminal it is read on. The exception keeps its own lines.
/// </summary>
public sealed class PrintableLogFormatter(ITextFormatter inner) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output) =>
        inner.Format(
            new LogEvent(
                logEvent.Timestamp,
                logEvent.Level,
                logEvent.Exception,
                new MessageTemplate(logEvent.MessageTemplate.Tokens.Select(t => t is TextToken text ? new TextToken(Printable.Of(text.Text)) : t)),
                logEvent.Properties.Select(p => new LogEventProperty(p.Key, Shown(p.Value)))),
            output);

    private static LogEventPropertyValue Shown(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(Printable.Of(s)),
        // A record or other object is rendered by its ToString, which may carry a name.
        ScalarValue { Value: not (null or bool or IFormattable) } other => new ScalarValue(Printable.Of(other.Value.ToString())),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Shown)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Shown(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Shown(e.Value)))),
        _ => value,
    };
}
