import { describe, expect, it } from 'vitest';
import { calibratePhotoCamera, projectX, projectY } from '../../../../src/main/inference/embedded/kiosk-camera.js';

describe("the kiosk camera placed by the customer's stature", () => {
  it('finds the distance and height of a camera from the rows of the crown and the heel', () => {
    const truth = { focalPx: 640 / Math.tan((25 * Math.PI) / 180), centreX: 360, centreY: 640, heightM: 1.35, distanceM: 2.7 };
    const crown = { y: 1.82, z: 0.02 };
    const heel = { y: 0, z: 0.09 };
    const camera = calibratePhotoCamera({
      imageWidth: 720,
      imageHeight: 1280,
      topY: projectY(truth, crown.y, crown.z),
      floorY: projectY(truth, heel.y, heel.z),
      statureM: crown.y,
      crownDepthM: crown.z,
      heelDepthM: heel.z,
    });
    expect(camera.distanceM).toBeCloseTo(2.7, 6);
    expect(camera.heightM).toBeCloseTo(1.35, 6);
    expect(projectX(camera, 0.2, 0).px).toBeCloseTo(360 + (truth.focalPx * 0.2) / 2.7, 6);
  });
});
