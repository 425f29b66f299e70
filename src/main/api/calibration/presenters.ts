import type { CalibrationRecord } from '../../calibration/calibration-record.js';
import type { CalibrationStatus } from '../../calibration/calibration-store.js';
import type { CalibrationStatusBody } from './schema.js';

const cm = (metres: number): number => Math.round(metres * 1000) / 10;
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function presentCalibration(record: CalibrationRecord): NonNullable<CalibrationStatusBody['calibration']> {
  const base = {
    id: record.id,
    calibrated_at: record.calibratedAt,
    camera: {
      height_cm: cm(record.camera.heightM),
      tilt_deg: round(record.camera.tiltDeg, 2),
      tilt_source: record.camera.tiltSource,
      focal_px: round(record.camera.focalPx, 1),
      vertical_fov_deg: record.camera.verticalFovDeg,
      image_width: record.camera.imageWidth,
      image_height: record.camera.imageHeight,
    },
  };
  const floorLine = {
    floor_distance_cm: cm(record.reference.floorDistanceM),
    floor_line_share: round(record.reference.floorShare, 4),
    background_edge_share: record.reference.horizon ? round(record.reference.horizon.share, 4) : null,
  };
  if (record.method === 'marker') {
    return {
      ...base,
      method: 'marker',
      reference: {
        marker_size_cm: record.reference.markerSizeCm,
        marker_id: record.reference.markerId,
        roll_deg: round(record.reference.rollDeg, 2),
        corners: record.reference.corners.map((corner) => ({ x: round(corner.x, 2), y: round(corner.y, 2) })),
        reprojection_error_px: round(record.reference.reprojectionErrorPx, 3),
        ...floorLine,
      },
    };
  }
  return {
    ...base,
    method: 'person',
    reference: {
      person_height_cm: record.reference.personHeightCm,
      sole_cm: record.reference.soleCm,
      ...floorLine,
      views: record.reference.views.map((view) => ({
        view: view.view,
        top_y: round(view.topY, 1),
        floor_y: round(view.floorY, 1),
        camera_height_cm: cm(view.heightM),
      })),
    },
  };
}

export function presentCalibrationStatus(status: CalibrationStatus): CalibrationStatusBody {
  return {
    state: status.state,
    detail: status.detail,
    calibration: status.record ? presentCalibration(status.record) : null,
    floor_drift_share: status.floorDriftShare === null ? null : round(status.floorDriftShare, 4),
    checked_scans: status.checkedScans,
    tilt_change_deg: status.tiltChangeDeg === null ? null : round(status.tiltChangeDeg, 2),
  };
}
