export { admit, type Admission, type EpochMember } from './epochs.ts';
export { Hub, Namespace } from './hub.ts';
