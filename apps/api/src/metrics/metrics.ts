/**
 * The API's Prometheus metrics (prom-client; docs/adr/0018-production-deployment.md). One registry per app:
 * - `complaintflow_http_request_duration_seconds{method,route,status}`: every request, labelled with the matched
 *   route's template (`/complaints/:id`), never the path itself (no ids, no query strings), `unmatched` otherwise;
 * - the record's gauges, read from PostgreSQL at each scrape (libs/persistence OperationsMetricsRepository): open
 *   cases by stage, overdue, escalated by tier, the outbox and delivery backlog by status;
 * - the process' default metrics (CPU, memory, event loop lag), prefixed `complaintflow_api_`.
 * Labels come from closed vocabularies only (stage, tier, status, HTTP method and route): no personal data.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { OperationsMetricsRepository } from '@complaintflow/persistence';
import { STAGE_IDS, TERMINAL_STAGES } from '@complaintflow/domain/vocabulary';

const OPEN_STAGES = STAGE_IDS.filter((s) => !TERMINAL_STAGES.includes(s));
const OUTBOX_STATUSES = ['pending', 'started'] as const;
const DELIVERY_STATUSES = ['pending', 'waiting', 'parked', 'held', 'failed'] as const;

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly openCases: Gauge<'stage'>;
  private readonly overdue: Gauge;
  private readonly escalated: Gauge<'level'>;
  private readonly outbox: Gauge<'status'>;
  private readonly deliveries: Gauge<'status'>;
  private readonly scrapeErrors: Counter;
  private readonly repository: OperationsMetricsRepository;

  constructor(dataSource: DataSource) {
    this.repository = new OperationsMetricsRepository(dataSource);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'complaintflow_api_' });
    this.http = new Histogram({
      name: 'complaintflow_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.openCases = new Gauge({
      name: 'complaintflow_cases_open',
      help: 'Open cases by stage',
      labelNames: ['stage'],
      registers,
    });
    this.overdue = new Gauge({
      name: 'complaintflow_cases_overdue',
      help: 'Open cases past their next deadline',
      registers,
    });
    this.escalated = new Gauge({
      name: 'complaintflow_cases_escalated',
      help: 'Open cases by escalation tier (above 0)',
      labelNames: ['level'],
      registers,
    });
    this.outbox = new Gauge({
      name: 'complaintflow_notification_outbox_backlog',
      help: 'Outbox rows not yet relayed to the end, by status',
      labelNames: ['status'],
      registers,
    });
    this.deliveries = new Gauge({
      name: 'complaintflow_notification_deliveries_unsent',
      help: 'Deliveries not sent: still to go (pending, waiting) or left for a person (parked, held, failed)',
      labelNames: ['status'],
      registers,
    });
    this.scrapeErrors = new Counter({
      name: 'complaintflow_metrics_record_errors_total',
      help: 'Scrapes whose read of the record failed (the gauges keep their last values)',
      registers,
    });
  }

  /** Express middleware timing every request (the route template is known once the response is sent). */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const stop = this.http.startTimer();
      res.once('finish', () => {
        stop({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
      });
      next();
    };
  }

  /** The text exposition, with the record's gauges read now. */
  async render(): Promise<string> {
    try {
      const s = await this.repository.snapshot();
      for (const stage of OPEN_STAGES) this.openCases.set({ stage }, s.openCasesByStage[stage] ?? 0);
      this.overdue.set(s.overdueCases);
      this.escalated.reset();
      for (const [level, n] of Object.entries(s.escalatedCasesByLevel)) this.escalated.set({ level }, n);
      for (const status of OUTBOX_STATUSES) this.outbox.set({ status }, s.outboxBacklogByStatus[status] ?? 0);
      for (const status of DELIVERY_STATUSES) {
        this.deliveries.set({ status }, s.deliveryBacklogByStatus[status] ?? 0);
      }
    } catch {
      this.scrapeErrors.inc();
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The matched route's template (`/complaints/:id`), never the concrete path. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${route.path}`;
}
