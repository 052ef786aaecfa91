// ECS error codes with the messages AWS sends for them, so harness error classification sees the real thing.
import { AwsError } from '../protocol.ts';

export const clusterNotFound = () => new AwsError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new AwsError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () => new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
export const clientError = (message: string) => new AwsError('ClientException', message);
export const taskNotFound = () => invalidParameter('The referenced task was not found.');
export const resourceNotFound = () => new AwsError('ResourceNotFoundException', 'The specified resource could not be found.');
