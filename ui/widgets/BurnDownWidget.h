#pragma once

#include "widgets/QuotaBurnDown.h"

#include <QWidget>

namespace sluice {

/// Draws a QuotaBurnDown: requests remaining over the quota day, solid up to now and
/// dashed at today's rate until it reaches zero or the reset. Palette colours only.
class BurnDownWidget : public QWidget
{
    Q_OBJECT

public:
    explicit BurnDownWidget(QWidget *parent = nullptr);

    void setForecast(const QuotaBurnDown &forecast);
    QSize sizeHint() const override { return {420, 160}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QuotaBurnDown m_forecast;
};

} // namespace sluice
