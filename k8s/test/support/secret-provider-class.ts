// The Secrets Store CSI driver's SecretProviderClass (secrets-store.csi.x-k8s.io/v1), as its CRD declares
// it; no package ships a model of it, so the strict field check uses this declaration.
export interface ISecretProviderClass {
  apiVersion: 'secrets-store.csi.x-k8s.io/v1';
  kind: 'SecretProviderClass';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    provider: string;
    parameters?: Record<string, string>;
    secretObjects?: {
      secretName: string;
      type: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      data: { objectName: string; key: string }[];
    }[];
  };
}
