/**
 * The generated matrix (support/matrix.ts), synthesized through the CLI and proven end to
 * end: 2 configs x 2 providers x (8 combinations + 1 subdomain identity) = 36 domains, plus
 * 5 domains with the settings the grid leaves at their defaults.
 */
import { configWorld } from './support/config-world';
import { KeyPool } from './support/keys';
import { matrixConfigs } from './support/matrix';
import { describeMailWorlds } from './support/suite';

const keys = new KeyPool();
describeMailWorlds('generated matrix', () =>
  Promise.all(matrixConfigs().map(({ name, config }) => configWorld(name, config, keys))),
);
