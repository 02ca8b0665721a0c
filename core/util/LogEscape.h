#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace sluice {

/// Makes a value that came from a request (a user name, a path, an upstream's model name)
/// safe to put in a `key=value` log line: a reader of the log (or a terminal showing it) sees
/// exactly one field, and no byte of the value can start a new line, move the cursor or pose
/// as another field.
///
/// A value made only of printable characters other than space, `"`, `\` and `=` is returned
/// as is. Anything else is quoted: `"` and `\` are escaped with a backslash, control
/// characters (C0, DEL, C1) become `\xNN`, and other invisible or line-breaking code points
/// (format characters such as bidi overrides, U+2028/U+2029, lone surrogates) become
/// `\u{XXXX}`. The empty value is `""`. Pure function; any thread.
QString logValue(QStringView value);
/// The same for bytes, read as UTF-8 (invalid sequences become U+FFFD).
QString logValue(QByteArrayView value);

} // namespace sluice
