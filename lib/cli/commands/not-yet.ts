import { HarnessError } from '../../errors.ts';
import type { Command } from '../command.ts';

/**
 * Commands of the contract whose machinery lands in later milestones. They parse and validate their arguments
 * like the real thing (so scripts written against them fail on usage the same way), then say plainly that they
 * are not available yet, exit 4.
 */
export function notYetAvailable(spec: Omit<Command, 'run'>, arrivesWith: string): Command {
  return {
    ...spec,
    async run() {
      throw new HarnessError(`firedrill ${spec.name} is not available yet in this version (it arrives with ${arrivesWith})`, 'firedrill validate <experiment.yaml> checks an experiment and prints its plan today');
    },
  };
}
