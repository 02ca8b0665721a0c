#pragma once

// The handlers of CommandTable.cpp, one file per group. Each returns the exit code or throws
// CtlFailure.

namespace sluice::ctl {

class CtlRun;

// StatusCommands.cpp
int runStatus(CtlRun &run);
int runPools(CtlRun &run);
int runQueue(CtlRun &run);
int runWhoami(CtlRun &run);
// PoolActions.cpp
int runPause(CtlRun &run);
int runResume(CtlRun &run);
int runDrain(CtlRun &run);
int runPurge(CtlRun &run);
// UserCommands.cpp
int runUserShow(CtlRun &run);
int runUserTier(CtlRun &run);
// LimitCommands.cpp
int runLimitsGet(CtlRun &run);
int runLimitsPresets(CtlRun &run);
int runLimitsHistory(CtlRun &run);
int runLimitsDiff(CtlRun &run);
// LimitChanges.cpp
int runLimitsSet(CtlRun &run);
int runLimitsApply(CtlRun &run);
int runLimitsPreset(CtlRun &run);
int runLimitsRollback(CtlRun &run);
// AlertCommands.cpp
int runAlertsList(CtlRun &run);
int runAlertsAck(CtlRun &run);
int runAlertsTest(CtlRun &run);
// AuditCommands.cpp
int runAudit(CtlRun &run);
// KeyCommands.cpp
int runKeysList(CtlRun &run);
int runKeysCreate(CtlRun &run);
int runKeysRevoke(CtlRun &run);
// Completion.cpp
int runCompletion(CtlRun &run);

} // namespace sluice::ctl
