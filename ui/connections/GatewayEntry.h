#pragma once

#include "protocol/ApiTypes.h"

#include <QString>

namespace sluice {

/// One gateway in the side list: the embedded engine ("Local") or a remote gateway. The API
/// key is not part of it; SecretStore keeps keys under the gateway's id.
struct GatewayEntry
{
    static inline const QString kLocalId = QStringLiteral("local");

    QString id;   ///< stable id; "local" for the embedded engine
    QString name; ///< shown in the list, e.g. "Production"
    QString url;  ///< base URL of a remote gateway; empty for Local
    bool verifyTls = true;
    ConnectionState state = ConnectionState::Connecting;

    bool isLocal() const { return id == kLocalId; }
    friend bool operator==(const GatewayEntry &, const GatewayEntry &) = default;
};

} // namespace sluice
