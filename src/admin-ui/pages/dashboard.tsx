// The dashboard: how many comments each site has in each status, every number a link to that queue.
import type { CommentStatus } from '../../store/types.js';
import { FailedMails, type FailedMail } from './failed-mails.js';
import { AdminLayout, type Chrome } from './layout.js';
import { queueHref, STATUS_TABS } from './queue.js';

type Counts = Record<CommentStatus | 'total', number>;

export interface DashboardProps {
  chrome: Chrome;
  sites: Record<string, Counts>;
  totals: Counts;
  /** Mail given up on after its last attempt (newest first). */
  failedMails?: FailedMail[];
}

function CountCells(props: { counts: Counts; site?: string }) {
  return (
    <>
      {STATUS_TABS.map((tab) => (
        <td class="number">
          <a href={queueHref(tab.status, { site: props.site })} aria-label={`${props.counts[tab.status]} ${tab.label.toLowerCase()} on ${props.site ?? 'all sites'}`}>
            {props.counts[tab.status]}
          </a>
        </td>
      ))}
      <td class="number">{props.counts.total}</td>
    </>
  );
}

export function DashboardPage(props: DashboardProps) {
  const pending = props.totals.pending;
  const slugs = Object.keys(props.sites).sort();
  return (
    <AdminLayout title="Dashboard" chrome={props.chrome} section="dashboard">
      <div class="card">
        <p>
          {pending === 0 ? 'No comments are waiting for moderation.' : `${pending} ${pending === 1 ? 'comment is' : 'comments are'} waiting for moderation.`}{' '}
          <a href={queueHref('pending', {})} class="button button-primary">
            Go to the moderation queue
          </a>
        </p>
      </div>
      <h2 id="per-site">Comments per site</h2>
      <div class="table-wrap" role="region" aria-labelledby="per-site" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Site</th>
              {STATUS_TABS.map((tab) => (
                <th scope="col" class="number">
                  {tab.label}
                </th>
              ))}
              <th scope="col" class="number">
                Total
              </th>
              {props.chrome.admin && <th scope="col">Settings</th>}
            </tr>
          </thead>
          <tbody>
            {slugs.map((site) => {
              const counts = props.sites[site];
              return (
                counts && (
                  <tr>
                    <th scope="row">
                      <code>{site}</code>
                    </th>
                    <CountCells counts={counts} site={site} />
                    {props.chrome.admin && (
                      <td>
                        <a href={`/admin/sites/${encodeURIComponent(site)}`}>Discussion settings<span class="visually-hidden"> of {site}</span></a>
                      </td>
                    )}
                  </tr>
                )
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All sites</th>
              <CountCells counts={props.totals} />
              {props.chrome.admin && <td></td>}
            </tr>
          </tfoot>
        </table>
      </div>
      {props.failedMails && props.failedMails.length > 0 && <FailedMails mails={props.failedMails} />}
    </AdminLayout>
  );
}
