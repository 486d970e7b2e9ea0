/**
 * How much each generated size holds. `small`, `medium` and `large` are the
 * public sizes (`DatasetSize`); `tiny` is for the secondary locations of a
 * small estate.
 */
export type DatasetSize = 'small' | 'medium' | 'large';
/** A size of one generated location: a public size, or `tiny`. */
export type LocationSize = DatasetSize | 'tiny';

export interface SizeProfile {
  instances: number;
  associations: number;
  /** Execution counts of the first associations; the rest draw from `associationExecutions`. */
  associationExecutionsFixed: number[];
  associationExecutions: [number, number];
  windows: number;
  /** Execution counts of the first windows; the rest draw from `windowExecutions`. */
  windowExecutionsFixed: number[];
  windowExecutions: [number, number];
  automations: number;
  /** Big loop automations: [outer iterations, inner iterations] each. */
  bigAutomations: [number, number][];
  commands: number;
}

export const PROFILES: Record<LocationSize, SizeProfile> = {
  tiny: {
    instances: 12,
    associations: 4,
    associationExecutionsFixed: [24, 0],
    associationExecutions: [1, 6],
    windows: 2,
    windowExecutionsFixed: [6, 3],
    windowExecutions: [2, 4],
    automations: 6,
    bigAutomations: [],
    commands: 5,
  },
  small: {
    instances: 40,
    associations: 14,
    associationExecutionsFixed: [150, 0, 125, 40],
    associationExecutions: [1, 12],
    windows: 4,
    windowExecutionsFixed: [30, 6, 5, 4],
    windowExecutions: [3, 6],
    automations: 14,
    bigAutomations: [[8, 4]],
    commands: 10,
  },
  medium: {
    instances: 150,
    associations: 60,
    associationExecutionsFixed: [600, 0, 300, 150, 125],
    associationExecutions: [1, 40],
    windows: 14,
    windowExecutionsFixed: [120, 20, 15, 12],
    windowExecutions: [8, 20],
    automations: 70,
    bigAutomations: [[12, 6], [8, 4]],
    commands: 50,
  },
  large: {
    instances: 400,
    associations: 120,
    associationExecutionsFixed: [900, 0, 600, 400, 300, 200],
    associationExecutions: [2, 80],
    windows: 32,
    windowExecutionsFixed: [200, 40, 30, 30],
    windowExecutions: [30, 45],
    automations: 500,
    bigAutomations: [[20, 8], [12, 6], [10, 4]],
    commands: 300,
  },
};
