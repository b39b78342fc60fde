export { CisMonitoring } from './cis-monitoring';
export type { CisMonitoringProps, MonitoredControl } from './cis-monitoring';
export { CIS_CONTROLS, CIS_CONTROL_IDS } from './controls';
export type { CisControl, CisControlId } from './controls';
