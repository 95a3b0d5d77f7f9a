import { SdkError } from '../../chain/types/errors.js';

const pricing = (code: number, description: string) => new SdkError('pricing', code, description);

export const PricingErrors = {
  NotAProvider: pricing(2, 'not a hardware provider'),
  InvalidPrice: pricing(3, 'invalid unit price'),
  InvalidParams: pricing(4, 'invalid pricing params'),
  ModelNotFound: pricing(5, 'model not found'),
} as const;
