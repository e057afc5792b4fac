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
  /** Groups read, in every organization. */
  groups: number;
  /**
   * Member lists that could not be read, and the first reason (a 403 stops
   * the asking: the key may not read any).
   */
  unread?: {
    endpoint: string;
    message: string;
    forbidden: boolean;
    groups: number;
  };
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
