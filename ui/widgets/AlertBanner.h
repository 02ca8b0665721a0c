#pragma once

#include "models/AlertLevels.h"
#include "protocol/ApiTypes.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace sluice {

/// A bar across the top of the dashboard while alerts fire and are not acknowledged, in the
/// critical colour when one of them reached its limit (peak 100%), else in the warning colour
/// (LevelColors); "Show alerts" asks to open the Alerts page.
class AlertBanner : public QFrame
{
    Q_OBJECT

public:
    explicit AlertBanner(QWidget *parent = nullptr);

    /// Shows the firing, unacknowledged ones among `active`; hides when there are none.
    void setAlerts(const QList<AlertRecord> &active);
    QString text() const;
    TroubleLevel level() const { return m_level; }

signals:
    void showAlertsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLabel *m_text;
    QPushButton *m_show;
    TroubleLevel m_level = TroubleLevel::Warning;
};

} // namespace sluice
