import type { KindSpec, RosterKind } from './kind.js';
import { orgsSpec } from './kinds/orgs.js';
import { volunteersSpec } from './kinds/volunteers.js';
import { facilitiesSpec } from './kinds/facilities.js';
import { openingsSpec } from './kinds/openings.js';
import { applicationsSpec, evaluationsSpec, scoresSpec } from './kinds/selection.js';
import { needsSpec, offersSpec } from './kinds/resources.js';
import { bookingRequestsSpec, bookingsSpec } from './kinds/bookings.js';
import { activitiesSpec, eventsSpec, financialsSpec, grantsSpec, indicatorsSpec, programsSpec, projectsSpec } from './kinds/reports.js';
import type { FormatAdapter, FormatName } from './formats/format.js';
import { houjinFormat } from './formats/houjin.js';
import { npoPortalFormat } from './formats/npo-portal.js';

export const KIND_SPECS: Record<RosterKind, KindSpec> = {
  orgs: orgsSpec,
  volunteers: volunteersSpec,
  facilities: facilitiesSpec,
  openings: openingsSpec,
  applications: applicationsSpec,
  scores: scoresSpec,
  evaluations: evaluationsSpec,
  offers: offersSpec,
  needs: needsSpec,
  booking_requests: bookingRequestsSpec,
  bookings: bookingsSpec,
  activities: activitiesSpec,
  financials: financialsSpec,
  programs: programsSpec,
  grants: grantsSpec,
  projects: projectsSpec,
  events: eventsSpec,
  indicators: indicatorsSpec,
};

/** External formats that need their own row mapping; native and opendata read by header name. */
export const FORMAT_ADAPTERS: Partial<Record<FormatName, FormatAdapter>> = {
  houjin: houjinFormat,
  'npo-portal': npoPortalFormat,
};

/** Which kinds each --format can feed. */
export const FORMAT_KINDS: Record<FormatName, readonly RosterKind[]> = {
  native: ['orgs', 'volunteers', 'facilities', 'openings',
    'applications', 'scores', 'evaluations',
    'offers', 'needs',
    'booking_requests', 'bookings',
    'activities', 'financials', 'programs', 'grants', 'projects', 'events', 'indicators'],
  opendata: ['facilities'],
  houjin: houjinFormat.kinds,
  'npo-portal': npoPortalFormat.kinds,
};
