using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;

namespace Sanctum.Cli.Commands;

public sealed class ActorsCommand : DaemonCommand<DaemonSettings>
{
    protected override int Run(DaemonClient client, DaemonSettings settings, CancellationToken cancellationToken) =>
        Print(client.Request("actors"), settings.Json, CliJson.Default.ActorNode, root =>
        {
            var tree = new Tree(Label(root));
            Add(tree, root);
            AnsiConsole.Write(tree);
        });

    private static void Add(IHasTreeNodes parent, ActorNode node)
    {
        foreach (var child in node.Children)
        {
            Add(parent.AddNode(Label(child)), child);
        }

        if (node.Omitted > 0)
        {
            parent.AddNode($"[grey]… {node.Omitted} more[/]");
        }
    }

    private static string Label(ActorNode node) => $"{Esc(node.Path)} [grey]{Esc(node.Type)}[/]";
}
