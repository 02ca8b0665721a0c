// The TOML configuration file (sluice.toml): parsed by toml++, read field by field, then
// validated; a valid one must survive the JSON codec of GET/PUT /v1/config unchanged.
#include "FuzzSupport.h"

#include "config/ConfigJson.h"
#include "config/ConfigValidator.h"
#include "config/TomlConfigReader.h"

using namespace sluice;
using namespace Qt::StringLiterals;

namespace {

/// toml++ 3.3.0 reaches __builtin_unreachable() in is_non_ascii_horizontal_whitespace() for
/// the code points U+FC06..U+FEFE outside strings and comments (tests/fuzz/README.md). The
/// fuzz build compiles toml++ from its headers with UBSan, so such inputs are skipped here;
/// tst_configtoml checks that the shipped library answers them with an error.
bool hitsTomlUnreachable(QByteArrayView document)
{
    for (qsizetype i = 0; i + 1 < document.size(); ++i) {
        const auto lead = std::uint8_t(document[i]);
        const auto next = std::uint8_t(document[i + 1]);
        if (lead == 0xEF && next >= 0xB0 && next <= 0xBB)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray document(reinterpret_cast<const char *>(data), qsizetype(size));
    if (hitsTomlUnreachable(document))
        return 0;
    const ConfigResult<EngineConfig> read = readTomlConfig(document, u"fuzz.toml"_s);
    if (!read.errors.isEmpty())
        return 0;
    if (!validateConfig(read.value).isEmpty())
        return 0;
    const ConfigResult<EngineConfig> again = configFromJson(configToJson(read.value));
    if (!again.errors.isEmpty())
        fuzz::fail("a valid configuration that its JSON form does not read back");
    if (!(again.value == read.value))
        fuzz::fail("a valid configuration that changes through its JSON form");
    return 0;
}
