/** Complaints (issue 5): intake, read side, actions, approvals inbox, the customer's signed link. */
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';
import { PublicLinkUsesRepository } from '@complaintflow/persistence/repositories/public-link-uses';
import { IdempotencyStore } from '../common/idempotency';
import { NotificationsModule } from '../notifications/notifications.module';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';
import { ApprovalsController } from './approvals.controller';
import { CaseReads } from './case-reads';
import { ComplaintsController } from './complaints.controller';
import { IntakeService } from './intake.service';
import { PolicySnapshots } from './policy-snapshots';
import { PublicController } from './public.controller';

/** A repository of `@complaintflow/persistence` as a provider, on the app's data source. */
const onDataSource = <T>(repository: new (ds: DataSource) => T) => ({
  provide: repository,
  useFactory: (ds: DataSource) => new repository(ds),
  inject: [getDataSourceToken()],
});

@Module({
  // The case view lists what was sent for the case and its delivery state (docs/api.md v2 `notifications`).
  imports: [NotificationsModule],
  controllers: [ComplaintsController, ActionsController, ApprovalsController, PublicController],
  providers: [
    onDataSource(ComplaintCasesRepository),
    onDataSource(CaseComplainantsRepository),
    onDataSource(PublicLinkUsesRepository),
    {
      provide: IdempotencyStore,
      useFactory: (ds: DataSource) => new IdempotencyStore(ds),
      inject: [getDataSourceToken()],
    },
    PolicySnapshots,
    CaseReads,
    IntakeService,
    ActionsService,
  ],
  exports: [CaseReads, ActionsService],
})
export class ComplaintsModule {}
