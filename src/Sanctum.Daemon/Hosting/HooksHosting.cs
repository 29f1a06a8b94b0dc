using Akka.Hosting;
using Sanctum.Configuration;
using Sanctum.Daemon.Hooks;

namespace Sanctum.Daemon.Hosting;

public static class HooksHosting
{
    /// <summary>
    /// <c>/user/hooks</c> (<see cref="HookActor"/>) on a pinned dispatcher, subscribed to decisions and registered for the guard's
    /// pre-kill gate; call before <c>WithSanctumGuard</c>. Nothing at all when no hook is configured.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumHooks(this AkkaConfigurationBuilder builder, HookOptions options, bool dryRun)
    {
        if (options.OnAction.Count == 0 && options.PreKill.Count == 0)
        {
            return builder;
        }

        return builder
            .AddHocon($"{HookActor.Dispatcher} {{ type = PinnedDispatcher }}", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var hooks = system.ActorOf(HookActor.Props(options, dryRun), HookActor.Name);
                foreach (var topic in HookActor.Topics)
                {
                    system.EventStream.Subscribe(hooks, topic);
                }

                registry.Register<HookActor>(hooks);
            });
    }
}
