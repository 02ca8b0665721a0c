#include "ProxyStack.h"

#include "control/ConfigVersions.h"

using namespace Qt::StringLiterals;

namespace sluice::test {

std::unique_ptr<ProxyStack> ProxyStack::start(const EngineConfig &config, ProxyOptions options,
                                              QString *error)
{
    std::unique_ptr<ProxyStack> stack(new ProxyStack);
    if (!stack->m_dir.isValid()) {
        *error = u"cannot create a temporary directory: "_s + stack->m_dir.errorString();
        return nullptr;
    }
    RuntimeOptions runtimeOptions;
    runtimeOptions.dataDir = stack->m_dir.path();
    runtimeOptions.environment = QProcessEnvironment();
    Result<std::unique_ptr<EngineRuntime>> opened = EngineRuntime::open(runtimeOptions);
    if (!opened) {
        *error = opened.error().message;
        return nullptr;
    }
    stack->m_runtime = std::move(opened).value();
    const Result<ConfigApplied> applied =
        stack->m_runtime->configVersions().apply(config, u"test"_s);
    if (!applied.ok()) {
        *error = u"configuration refused: "_s + applied.error().message;
        for (const FieldError &each : applied.error().fields)
            *error += u"; "_s + each.message;
        return nullptr;
    }
    stack->m_timers = std::make_unique<Scheduler>(stack->m_runtime->clock(), true);
    stack->m_proxy = std::make_unique<ReverseProxy>(stack->engine(), stack->m_runtime->admission(),
                                                    *stack->m_timers, std::move(options));
    stack->m_server = std::make_unique<ProxyHttpServer>(*stack->m_proxy);
    if (stack->m_server->listen() == 0) {
        *error = u"the proxy cannot listen on 127.0.0.1"_s;
        return nullptr;
    }
    return stack;
}

ProxyStack::~ProxyStack()
{
    // Connections close first, so that exchanges end while the proxy and engine are there.
    m_server.reset();
    m_proxy.reset();
    if (m_runtime)
        m_runtime->flush();
}

} // namespace sluice::test
