import type { UserInfo } from '@feedloop/protocol';
import { PageHead } from '../components/page-head.js';

/** Signed in, but in no project yet: say how that changes. */
export function NoProject({ user }: { user: UserInfo }) {
  return (
    <PageHead title="No project yet">
      {user.instanceAdmin ? (
        <>
          There is no project yet. Create one with <code>pnpm feedloop project create</code>.
        </>
      ) : (
        'You are not a member of any project yet. Ask an admin of a project to add you.'
      )}
    </PageHead>
  );
}
