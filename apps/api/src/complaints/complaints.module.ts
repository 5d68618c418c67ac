/** Complaints (issue 5): intake, read side, actions, approvals inbox, the customer's signed link. */
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IdempotencyStore } from '../common/idempotency';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';
import { ApprovalsController } from './approvals.controller';
import { CaseStore } from './case-store';
import { ComplaintsController } from './complaints.controller';
import { IntakeService } from './intake.service';
import { PublicController } from './public.controller';

@Module({
  controllers: [ComplaintsController, ActionsController, ApprovalsController, PublicController],
  providers: [
    { provide: CaseStore, useFactory: (ds: DataSource) => new CaseStore(ds), inject: [getDataSourceToken()] },
    {
      provide: IdempotencyStore,
      useFactory: (ds: DataSource) => new IdempotencyStore(ds),
      inject: [getDataSourceToken()],
    },
    IntakeService,
    ActionsService,
  ],
  exports: [CaseStore, ActionsService],
})
export class ComplaintsModule {}
