/**
 * Reports (issue 12): the summary (R-RPT-1), the regulator's month and its reconciliation (R-REG-1/3), the liability
 * publication (R-LIA-11), early-warning alerts (R-RPT-2) and the assessment (R-RPT-3, R-REV-3). Each report's
 * controller is listed here; the figures come from `libs/persistence` (rollups and report tables), never from a scan
 * of every case per request.
 */
import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AssessmentController } from './assessment.controller';
import { PublicationController } from './publication.controller';
import { RegulatorController } from './regulator.controller';
import { SummaryController } from './summary.controller';

@Module({
  controllers: [SummaryController, PublicationController, AssessmentController, RegulatorController, AlertsController],
  providers: [],
})
export class ReportsModule {}
