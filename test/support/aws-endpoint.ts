// Conformance tests run the real SDK clients against an endpoint. By default that is a sandbox AWS server
// started in-process with just the services under test; set FIREDRILL_CONFORMANCE_ENDPOINT to run the same
// suite against another endpoint (for real AWS: FIREDRILL_CONFORMANCE_ENDPOINT=aws, which uses the default
// SDK credential chain and region). See docs/sandbox.md.
import { startAwsServer, type AwsServer, type AwsService } from '../../sandbox/aws/server.ts';

export interface ConformanceEndpoint {
  /** Config for any @aws-sdk/client-* constructor. */
  clientConfig: { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** The in-process server, when the sandbox is the target (undefined against an external endpoint). */
  server?: AwsServer;
  /** True when the target is the sandbox, so tests may rely on sandbox-only controls (manual clock, request log). */
  isSandbox: boolean;
  close(): Promise<void>;
}

export async function conformanceEndpoint(services: AwsService[], clock?: () => number): Promise<ConformanceEndpoint> {
  const external = process.env.FIREDRILL_CONFORMANCE_ENDPOINT;
  if (external === 'aws') {
    return { clientConfig: { region: process.env.AWS_REGION ?? 'us-east-1' }, isSandbox: false, close: async () => {} };
  }
  if (external) {
    return { clientConfig: { region: process.env.AWS_REGION ?? 'us-east-1', endpoint: external }, isSandbox: false, close: async () => {} };
  }
  const server = await startAwsServer({ services, ...(clock ? { clock } : {}) });
  return {
    clientConfig: { region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } },
    server,
    isSandbox: true,
    close: () => server.close(),
  };
}
