import { JobState } from '@jupiterone/integration-sdk-core';
import { DataKeys } from '../constants';

/**
 * What fetch-groups learnt from the member lists, for the membership step:
 * read once, so that building edges needs no second round of requests.
 */
export interface GroupMembership {
  /** Direct member user ids per group id. */
  members: Record<string, string[]>;
  /** Member rows that were not users (JumpCloud groups hold users only; counted, not linked). */
  nonUserMembers: number;
  /** Why member lists could not be read, when they could not (a 403). */
  forbidden?: { endpoint: string; message: string };
}

export async function getGroupMembership(
  jobState: JobState,
): Promise<GroupMembership | undefined> {
  return jobState.getData<GroupMembership>(DataKeys.GROUP_MEMBERSHIP);
}

export async function setGroupMembership(
  jobState: JobState,
  membership: GroupMembership,
): Promise<void> {
  await jobState.setData(DataKeys.GROUP_MEMBERSHIP, membership);
}
