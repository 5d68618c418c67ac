/** Personal data: the subject access export and the retention sweep (issue 15, ADR 0019). */
import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { PrivacyController } from './privacy.controller';
import { RetentionService } from './retention.service';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [ComplaintsModule],
  controllers: [PrivacyController],
  providers: [RetentionService, SubjectAccessService],
  exports: [RetentionService],
})
export class PrivacyModule {}
