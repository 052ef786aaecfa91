// lib/journal: the run journal (the single source of truth for what a drill changed) and the run index.
export { FileJournal, MemoryJournal, readJournal, journalPath, JOURNAL_FILE, type JournalWriter } from './journal.ts';
export { registerRun, unregisterRun, listUnfinishedRuns, findRun, runIndexDir, type RunIndexEntry } from './run-index.ts';
export { withRunLock } from './run-lock.ts';
export { summarize, faultsToRestore, stepStatus, priorOf, resultOf, type FaultHistory, type RunSummary, type StepState } from './summary.ts';
export type * from './records.ts';
