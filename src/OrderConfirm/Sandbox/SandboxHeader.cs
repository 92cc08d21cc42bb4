namespace OrderConfirm.Sandbox;

/// X-OrderConfirm-Sandbox: true on every response while the sandbox is on, error pages included: first in the pipeline,
/// and set as the response starts, after whatever cleared the headers on the way (the exception handler does).
public sealed class SandboxHeader : IStartupFilter
{
    public const string Name = "X-OrderConfirm-Sandbox";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
        => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Name] = "true";
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
}
