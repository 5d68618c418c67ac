import { Module } from '@nestjs/common';
import { resolveWorkflowCode } from '@complaintflow/workflows/code';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AUDIT_WORKFLOW_CODE, type WorkflowCodeSource } from './audit.tokens';

/** Audit: history verification, as-of state, replay, export (issue 6). */
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    { provide: AUDIT_WORKFLOW_CODE, useValue: (() => resolveWorkflowCode()) satisfies WorkflowCodeSource },
  ],
})
export class AuditModule {}
