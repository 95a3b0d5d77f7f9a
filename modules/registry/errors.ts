import { SdkError } from '../../chain/types/errors.js';

const reg = (code: number, description: string) => new SdkError('registry', code, description);

export const RegistryErrors = {
  InvalidModel: reg(2, 'invalid model'),
  ModelExists: reg(3, 'model already registered'),
  ModelNotFound: reg(4, 'model not found'),
  TooManyModels: reg(5, 'model registry is full'),
  InvalidParams: reg(6, 'invalid registry params'),
} as const;
