import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ComplaintsApi1764200000000 } from './1764200000000-complaints-api';
import { RateLimit1764400000000 } from './1764400000000-rate-limit';
import { NextDueIndex1764500000000 } from './1764500000000-next-due-index';
import { StaffDirectory1764600000000 } from './1764600000000-staff-directory';
import { OutletDirectory1764610000000 } from './1764610000000-outlet-directory';
import { NotificationDeliveries1764700000000 } from './1764700000000-notification-deliveries';
import { ReportRollups1764800000000 } from './1764800000000-report-rollups';
import { RegulatorReports1764810000000 } from './1764810000000-regulator-reports';
import { CaseListCount1764820000000 } from './1764820000000-case-list-count';
import { ReportWeeks1764830000000 } from './1764830000000-report-weeks';
import { ListCoveringIndexes1764900000000 } from './1764900000000-list-covering-indexes';
import { PersonalDataRetention1764910000000 } from './1764910000000-personal-data-retention';
import { ListTotals1764920000000 } from './1764920000000-list-totals';

/** Every migration, in order. New ones are appended here (explicit list: no glob, works in jest and dist alike). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  ComplaintsApi1764200000000,
  RateLimit1764400000000,
  NextDueIndex1764500000000,
  StaffDirectory1764600000000,
  OutletDirectory1764610000000,
  NotificationDeliveries1764700000000,
  ReportRollups1764800000000,
  RegulatorReports1764810000000,
  CaseListCount1764820000000,
  ReportWeeks1764830000000,
  ListCoveringIndexes1764900000000,
  PersonalDataRetention1764910000000,
  ListTotals1764920000000,
];
