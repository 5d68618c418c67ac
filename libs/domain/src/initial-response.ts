/**
 * The initial response (初步响应) each complaint group calls for (R-CAT-5, seed 004 1.1.5).
 */
import { type Category, type CategoryGroup, categoryGroup, type Label } from './vocabulary';

/** The first action taken on a complaint of a group (R-CAT-5). */
export type InitialAction =
  | 'lookup_waybill'
  | 'check_charging_basis'
  | 'start_internal_investigation'
  | 'verify_and_correct_information'
  | 'route_to_department';

/** The initial response of a group (R-CAT-5). */
export interface InitialResponse {
  readonly group: CategoryGroup;
  readonly action: InitialAction;
  /** Whether the action is taken at once (立即), before anything else. */
  readonly immediate: boolean;
  readonly label: Label;
}

/** R-CAT-5: the initial response per complaint group (R-CAT-2). */
export const INITIAL_RESPONSES: Readonly<Record<CategoryGroup, InitialResponse>> = {
  service: {
    group: 'service',
    action: 'lookup_waybill',
    immediate: true,
    label: {
      zh: '立即查询客户提供的快递单号,了解投诉具体情况',
      en: 'Look the waybill up at once to establish what happened',
    },
  },
  fee: {
    group: 'fee',
    action: 'check_charging_basis',
    immediate: false,
    label: {
      zh: '核实收费依据和客户支付情况,并向客户说明',
      en: "Check the charging basis and the customer's payment, and explain them",
    },
  },
  safety: {
    group: 'safety',
    action: 'start_internal_investigation',
    immediate: true,
    label: {
      zh: '立即启动内部调查程序,查找原因并采取补救措施',
      en: 'Start an internal investigation at once, find the cause and take remedial steps',
    },
  },
  information: {
    group: 'information',
    action: 'verify_and_correct_information',
    immediate: false,
    label: {
      zh: '核实信息准确性,及时更新投诉涉及的信息',
      en: 'Verify the information and correct or update it promptly',
    },
  },
  other: {
    group: 'other',
    action: 'route_to_department',
    immediate: false,
    label: {
      zh: '根据投诉性质及时与相关部门沟通,寻求解决方案',
      en: 'Route it to the relevant department according to its nature and seek a solution',
    },
  },
};

/** R-CAT-5: the initial response for a complaint group. */
export function initialResponseForGroup(group: CategoryGroup): InitialResponse {
  return INITIAL_RESPONSES[group];
}

/**
 * R-CAT-5: the initial response for a complaint category, by its group (R-CAT-2): service — look the waybill up at
 * once; fee — check the charging basis and payment; safety — start an internal investigation at once;
 * information — verify and correct the information; other — route to the relevant department.
 */
export function initialResponseFor(category: Category): InitialResponse {
  return initialResponseForGroup(categoryGroup(category));
}
