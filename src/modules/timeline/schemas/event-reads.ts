import { z } from 'zod';

import { pageSchema } from '../../../http/pagination.js';
import { signatoryEvent, signatoryEventSummary } from './event.js';
import { signatory } from './signatory.js';

/** What the event reads answer: one event with the list right after it, a page of summaries. */

export const signatoryEventDetail = signatoryEvent
  .extend({ signatories: z.array(signatory).describe("The list as of this event's date, as known right after it.") })
  .meta({ id: 'SignatoryEventDetail' });

export const signatoryEventPage = pageSchema(signatoryEventSummary, 'SignatoryEventPage');
