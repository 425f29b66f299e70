import { codedErrorClass } from '../../errors.js';

/** A tfjs graph model that this converter cannot turn into ONNX (an operator or attribute it does not know). */
export class ModelConversionError extends codedErrorClass('ModelConversionError', 'model_load_failed') {}
