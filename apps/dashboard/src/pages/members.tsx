import type { AddMemberResponse, Member, MembersResponse, OneTimeLink } from '@feedloop/protocol';
import { ROLE_LABELS, ROLES, type Role } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';
import { Outcome } from '../components/outcome.js';
import { useAction } from '../use-action.js';

/** What each role may do, in a sentence (the table of the service's roles). */
const ROLE_HINTS: Record<Role, string> = {
  viewer: 'reads everything, sees no submitter emails',
  member: 'also triages, exports, sees submitter emails',
  admin: 'also manages members, tokens, keys and webhooks',
  owner: 'also renames or deletes the project and makes owners',
};

/**
 * The project's members (admins): invite by email with a role (a known account joins at once;
 * anyone else gets a one-time link to give them), change a role, remove someone. Names and
 * emails are text only: people choose their own display names.
 */
export function MembersPage({ api, user, project, abilities }: PageProps) {
  const list = useLoad((signal) => api.get<MembersResponse>(api.inProject('/members'), undefined, signal), [api]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const { busy, message, error, fail, act } = useAction(() => list.reload());
  // The invitation link is in this answer only: shown until the next page, never stored.
  const [invitation, setInvitation] = useState<{ email: string; link: OneTimeLink } | undefined>();
  // Owners are made by owners only.
  const giveable = ROLES.filter((r) => r !== 'owner' || abilities.makeOwners);

  const invite = (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!address) return fail('Enter the email address of the person to invite.');
    setInvitation(undefined);
    void act(async () => {
      const added = await api.post<AddMemberResponse>(api.inProject('/members'), { email: address, role });
      setEmail('');
      if (added.invitation) {
        setInvitation({ email: address, link: added.invitation });
        return `Invitation for ${address} created.`;
      }
      return `${added.member?.displayName ?? address} is now a member (${ROLE_LABELS[role]}).`;
    });
  };
  const changeRole = (member: Member, to: Role) =>
    act(async () => {
      await api.patch<MembersResponse>(api.inProject(`/members/${segment(member.userId)}`), { role: to });
      return `${member.displayName} is now ${ROLE_LABELS[to]}.`;
    });
  const remove = (member: Member) =>
    act(async () => {
      await api.delete(api.inProject(`/members/${segment(member.userId)}`));
      return `${member.displayName} was removed from ${project.name}.`;
    });

  const members = list.data?.members ?? [];
  const invitations = list.data?.invitations ?? [];
  return (
    <>
      <PageHead title="Members">Who may open {project.name}, and what each may do.</PageHead>

      <section class="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <form class="filters" onSubmit={invite} noValidate>
          <label>
            <span>Email</span>
            <input type="email" autocomplete="off" spellcheck={false} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label>
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {giveable.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}: {ROLE_HINTS[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Invite
          </button>
        </form>
        {invitation && (
          <div class="secret shown-once">
            <p>
              Mail is not configured: give this one-time link to {invitation.email} yourself. It works once, until{' '}
              {formatTime(invitation.link.expiresAt)}, and is shown only now.
            </p>
            <p>
              <label class="inline">
                <span>Invitation link</span>
                <input class="link-text" type="text" readOnly value={invitation.link.url} onFocus={(e) => e.currentTarget.select()} />
              </label>{' '}
              <CopyButton text={invitation.link.url} label="Copy link" />
            </p>
          </div>
        )}
      </section>

      <Outcome message={message} error={error || list.error?.message} />
      {!list.data && list.loading && <p class="muted">Loading…</p>}

      {list.data && (
        <section class="card" aria-labelledby="members-title">
          <h2 id="members-title">Members ({members.length})</h2>
          <Table
            class="members"
            caption={`Members of ${project.name}`}
            hideCaption
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Member since</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </>
            }
          >
            {members.map((member) => {
              const self = member.userId === user.id;
              // Only owners touch owners; nobody changes their own role here (no locking oneself out).
              const fixed = self || (member.role === 'owner' && !abilities.makeOwners);
              return (
                <tr key={member.userId} data-id={member.userId}>
                  <th scope="row" class="member-name">
                    {member.displayName}
                    {self && <span class="muted"> (you)</span>}
                    {member.disabled && <span class="chip">disabled</span>}
                  </th>
                  <td class="member-email">{member.email}</td>
                  <td>
                    <label>
                      <span class="visually-hidden">Role of {member.displayName}</span>
                      <select value={member.role} disabled={busy || fixed} onChange={(e) => void changeRole(member, e.currentTarget.value as Role)}>
                        {(fixed ? ROLES : giveable).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </label>
                  </td>
                  <td>
                    <time dateTime={member.createdAt}>{formatTime(member.createdAt)}</time>
                  </td>
                  <td>
                    {!fixed && (
                      <ConfirmButton
                        label={
                          <>
                            Remove<span class="visually-hidden"> {member.displayName}</span>
                          </>
                        }
                        question={`Remove ${member.displayName} from ${project.name}?`}
                        confirmLabel="Remove member"
                        groupLabel={`Confirm removal of ${member.displayName}`}
                        disabled={busy}
                        onConfirm={() => void remove(member)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </section>
      )}

      {invitations.length > 0 && (
        <section class="card" aria-labelledby="invitations-title">
          <h2 id="invitations-title">Pending invitations</h2>
          <Table
            class="invitations"
            caption="Invitations not used yet"
            hideCaption
            head={
              <>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Link valid until</th>
              </>
            }
          >
            {invitations.map((i) => (
              <tr key={`${i.email}-${i.expiresAt}`}>
                <td class="member-email">{i.email}</td>
                <td>{ROLE_LABELS[i.role]}</td>
                <td>
                  <time dateTime={i.expiresAt}>{formatTime(i.expiresAt)}</time>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
    </>
  );
}
