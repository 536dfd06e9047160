/**
 * The preload's allow-list: every `group.member` channel of the app's
 * contracts. scripts/build-electron.mjs evaluates this at build time and
 * writes the list into the preload, which therefore carries no schemas.
 */
import { channelName } from '../../shared/contract';
import { contracts } from '../../shared/contracts';

export function contractChannels(): string[] {
  return contracts.flatMap((contract) => Object.keys(contract.specs).map((member) => channelName(contract, member)));
}
