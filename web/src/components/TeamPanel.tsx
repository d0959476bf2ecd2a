// The organiser's team on the manage page (docs/team.md): who helps, in which role, the places
// offered by mail and not taken yet; invite by address, change a role, remove, withdraw.
import { useForm } from "react-hook-form";
import { FormattedDate, FormattedMessage, useIntl } from "react-intl";

import { useChangeTeam, useTeam } from "../api/team";
import type { TeamRole } from "../api/types";
import { placeFieldErrors } from "../forms";
import { Field } from "./Field";
import { PersonName } from "./PersonName";
import { Problem } from "./Problem";
import { roleName } from "./roleName";

const ROLES: TeamRole[] = ["manager", "door"];

export function TeamPanel({ eventId }: { eventId: string }) {
  const team = useTeam(eventId);
  const change = useChangeTeam(eventId);
  const intl = useIntl();
  const form = useForm<{ email: string; role: TeamRole }>({ defaultValues: { email: "", role: "door" } });
  const members = team.data?.members ?? [];
  const invitations = team.data?.invitations ?? [];
  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title"><FormattedMessage id="team.title" defaultMessage="Team" /></h2>
      <p className="muted"><FormattedMessage id="team.roles" defaultMessage="Managers do everything but cancel the event and choose its team. The door checks tickets in and sees attendees by name only." /></p>
      {members.length + invitations.length > 0 && <div className="table-wrap">
        <table>
          <thead><tr>
            <th scope="col"><FormattedMessage id="manage.person" defaultMessage="Person" /></th>
            <th scope="col"><FormattedMessage id="team.role" defaultMessage="Role" /></th>
            <th scope="col"><FormattedMessage id="types.actions" defaultMessage="Actions" /></th>
          </tr></thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.user_id}>
                <th scope="row"><PersonName uid={member.user_id} handle /></th>
                <td><select aria-label={intl.formatMessage({ id: "team.roleOf", defaultMessage: "Role of this member" })}
                  value={member.role} disabled={change.isPending}
                  onChange={(e) => change.mutate({ member: member.user_id, role: e.target.value as TeamRole })}>
                  {ROLES.map((r) => <option key={r} value={r}>{roleName(r, intl)}</option>)}
                </select></td>
                <td className="actions"><button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => change.mutate({ remove: member.user_id })}><FormattedMessage id="types.remove" defaultMessage="Remove" /></button></td>
              </tr>
            ))}
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row">{invitation.email} <span className="muted"><FormattedMessage id="team.invitedUntil"
                  defaultMessage="(invited; the link works until {until})"
                  values={{ until: <FormattedDate value={invitation.expires_at} dateStyle="medium" /> }} /></span></th>
                <td>{roleName(invitation.role, intl)}</td>
                <td className="actions"><button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => change.mutate({ withdraw: invitation.id })}><FormattedMessage id="team.withdraw" defaultMessage="Withdraw" /></button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>}
      <Problem error={team.error ?? change.error} />
      <form className="inline" noValidate aria-labelledby="team-invite" onSubmit={form.handleSubmit((values) => change.mutate(
        { invite: { email: values.email.trim(), role: values.role } },
        { onSuccess: () => form.reset(), onError: (error) => placeFieldErrors(error, form.setError, ["email", "role"] as const) },
      ))}>
        <h3 id="team-invite"><FormattedMessage id="team.invite" defaultMessage="Invite someone" /></h3>
        <Field label={intl.formatMessage({ id: "team.email", defaultMessage: "Their email" })} error={form.formState.errors.email?.message}
          hint={<FormattedMessage id="team.emailHint" defaultMessage="They get a link that works once, for 7 days, with any account." />}>
          {(p) => <input {...p} type="email" autoComplete="off" {...form.register("email", { required: true })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "team.role", defaultMessage: "Role" })}>
          {(p) => <select {...p} {...form.register("role")}>
            {ROLES.map((r) => <option key={r} value={r}>{roleName(r, intl)}</option>)}
          </select>}
        </Field>
        <button type="submit" disabled={change.isPending}><FormattedMessage id="team.send" defaultMessage="Send invitation" /></button>
      </form>
    </section>
  );
}
