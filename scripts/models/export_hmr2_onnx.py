#!/usr/bin/env python3
"""Export the seed pipeline's networks (ViTDet and HMR 2.0, from 4D-Humans) to ONNX for Perfit Kiosk.

    python3 scripts/models/export_hmr2_onnx.py --models-dir models all
    python3 scripts/models/export_hmr2_onnx.py --models-dir models detector   # or: hmr2, smpl

Writes, under the models folder, and records in its manifest.json (name, version, sha256, size,
inputs and outputs) what src/main/inference/hmr2/ loads:

  hmr2/vitdet.onnx (+ .data)  ViTDet-H Cascade Mask R-CNN (COCO), as 4D-Humans' demo.py builds it.
      in   image    float32 [3, 1024, 1024]  RGB 0-255: the photo resized so that its longest side
                                             is 1024 (detectron2 ResizeShortestEdge(1024, 1024)),
                                             top-left, padded with the pixel mean (123.675, 116.28, 103.53)
      out  boxes    float32 [detections, 4]  x1, y1, x2, y2 in input pixels
           scores   float32 [detections]     (the cascade's test_score_thresh is 0.25, as demo.py sets it)
           classes  int64   [detections]     COCO ids, person = 0
      Normalisation, the backbone, proposals, the three cascade stages and NMS are in the graph; the
      mask head is left out (mask_on = False).
  hmr2/hmr2.onnx (+ .data)    HMR 2.0 (ViT-H backbone + SMPL transformer head).
      in   img            float32 [batch, 3, 256, 256]  4D-Humans' batch['img'] (ViTDetDataset);
                                                        the graph keeps columns 32:-32 as HMR2.forward_step does
      out  global_orient  float32 [batch, 1, 3, 3]
           body_pose      float32 [batch, 23, 3, 3]
           betas          float32 [batch, 10]
           pred_cam       float32 [batch, 3]
      The SMPL layer is not in the graph: the kiosk builds the mesh from the user's SMPL file.
  smpl/SMPL_NEUTRAL.npz       only its checksum (convert the official .pkl with scripts/body/convert-smpl-pkl.py).

Needs (not installable on the kiosk; use a workstation, a GPU is not required):
  Python 3.10, PyTorch >= 2.0, detectron2 (git), 4D-Humans installed from its repository
  (`pip install -e .[all]`, which provides the `hmr2` package and its configs), onnx, onnxruntime.
  The HMR 2.0 checkpoint is downloaded by 4D-Humans (hmr2.models.download_models) to
  ~/.cache/4DHumans; loading it needs SMPL_NEUTRAL.pkl there (4D-Humans' own requirement).
  The ViTDet weights are downloaded by detectron2 from dl.fbaipublicfiles.com.
  Memory: about 16 GB of RAM for the ViT-H detector's trace on the CPU.

Each export is checked before the manifest is written: the ONNX model is run with onnxruntime on a
real photo (--image, default 4D-Humans' example) and compared with the PyTorch model run the way
4D-Humans runs it (same detections above 0.5 within --box-tolerance-px; SMPL outputs within
--tolerance). Written by reading 4D-Humans (demo.py, hmr2/datasets/vitdet_dataset.py,
hmr2/models/hmr2.py, hmr2/models/heads/smpl_head.py) and detectron2; it has not been run in the
project's CI, which has neither PyTorch nor the weights.
"""
import argparse
import inspect
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_manifest  # noqa: E402  (the sibling module)

VITDET_WEIGHTS = (
    "https://dl.fbaipublicfiles.com/detectron2/ViTDet/COCO/cascade_mask_rcnn_vitdet_h/f328730692/model_final_f05665.pkl"
)
DETECTOR_SIZE = 1024
# detectron2's ViTDet constants (configs/common/data/constants.py imagenet_rgb256_*), input RGB.
PIXEL_MEAN_RGB = (123.675, 116.28, 103.53)
# 4D-Humans' HMR 2.0 input (hmr2_data model_config.yaml; load_hmr2 sets BBOX_SHAPE for the ViT).
IMAGE_SIZE = 256
BBOX_SHAPE = (192, 256)
IMAGE_MEAN = (0.485, 0.456, 0.406)
IMAGE_STD = (0.229, 0.224, 0.225)
PERSON_SCORE = 0.5


def default_image():
    import hmr2

    repo = os.path.dirname(os.path.dirname(os.path.abspath(hmr2.__file__)))
    return os.path.join(repo, "example_data", "images", "pexels-anete-lusina-4793258.jpg")


def onnx_export(module, sample, path, input_names, output_names, dynamic_axes, opset):
    import torch

    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter: detectron2's code is written for tracing
    with torch.no_grad():
        torch.onnx.export(
            module,
            (sample,),
            path,
            input_names=input_names,
            output_names=output_names,
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            do_constant_folding=True,
            **kwargs,
        )


def save_with_external_data(exported_path, out_path):
    """The weights (>2 GB for ViT-H) in one file next to the graph, as onnxruntime loads them."""
    import onnx

    model = onnx.load(exported_path)  # also reads the per-tensor files torch wrote for a large model
    data_name = os.path.basename(out_path) + ".data"
    data_path = os.path.join(os.path.dirname(out_path), data_name)
    for stale in (out_path, data_path):
        if os.path.exists(stale):
            os.remove(stale)
    onnx.save_model(model, out_path, save_as_external_data=True, all_tensors_to_one_file=True, location=data_name, size_threshold=1024)
    onnx.checker.check_model(out_path)
    return [data_path]


def ort_session(path):
    import onnxruntime

    return onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])


def torch_version():
    import torch

    return torch.__version__.split("+")[0]


# ---------------------------------------------------------------- detector


def load_detector():
    from pathlib import Path

    import hmr2
    from detectron2.checkpoint import DetectionCheckpointer
    from detectron2.config import LazyConfig, instantiate

    # As demo.py: the ViTDet-H cascade config shipped with 4D-Humans, COCO weights, score threshold 0.25.
    cfg = LazyConfig.load(str(Path(hmr2.__file__).parent / "configs" / "cascade_mask_rcnn_vitdet_h_75ep.py"))
    cfg.train.init_checkpoint = VITDET_WEIGHTS
    for i in range(3):
        cfg.model.roi_heads.box_predictors[i].test_score_thresh = 0.25
    model = instantiate(cfg.model)
    DetectionCheckpointer(model).load(cfg.train.init_checkpoint)
    model.eval()
    # Only boxes are needed; dropping the mask head keeps it out of the graph.
    model.roi_heads.mask_on = False
    mean = [round(float(v), 3) for v in model.pixel_mean.flatten()]
    if mean != [round(v, 3) for v in PIXEL_MEAN_RGB] or model.input_format != "RGB":
        raise SystemExit(f"unexpected detector input: pixel_mean {mean}, format {model.input_format}; the kiosk pads with {PIXEL_MEAN_RGB} (RGB)")
    augmentations = instantiate(cfg.dataloader.test.mapper).augmentations
    return model, augmentations


def detector_module(model):
    import torch

    class DetectorForExport(torch.nn.Module):
        """RGB (3, S, S) 0-255 -> boxes (N, 4) in input pixels, scores (N,), classes (N,)."""

        def __init__(self, rcnn):
            super().__init__()
            self.rcnn = rcnn

        def forward(self, image):
            instances = self.rcnn.inference([{"image": image}], do_postprocess=False)[0]
            return instances.pred_boxes.tensor, instances.scores, instances.pred_classes

    return DetectorForExport(model).eval()


def resized_rgb(image_bgr, augmentations):
    """The photo as DefaultPredictor_Lazy feeds it: RGB, through the config's test augmentations."""
    import detectron2.data.transforms as T

    rgb = image_bgr[:, :, ::-1]
    return rgb, augmentations(T.AugInput(rgb)).apply_image(rgb)


def padded_input(resized):
    """What src/main/inference/hmr2/person-detection.ts builds: CHW float, padded with the pixel mean."""
    import numpy as np

    height, width = resized.shape[:2]
    tensor = np.empty((3, DETECTOR_SIZE, DETECTOR_SIZE), dtype=np.float32)
    for channel in range(3):
        tensor[channel].fill(PIXEL_MEAN_RGB[channel])
    tensor[:, :height, :width] = resized.astype(np.float32).transpose(2, 0, 1)
    return tensor


def people(boxes, scores, classes):
    keep = (classes == 0) & (scores > PERSON_SCORE)
    return boxes[keep], scores[keep]


def check_detector(model, augmentations, onnx_path, image_bgr, tolerance_px):
    import numpy as np
    import torch

    rgb, resized = resized_rgb(image_bgr, augmentations)
    height, width = rgb.shape[:2]
    with torch.no_grad():
        reference = model([{"image": torch.as_tensor(resized.astype("float32").transpose(2, 0, 1)), "height": height, "width": width}])[0]["instances"]
    ref_boxes, ref_scores = people(reference.pred_boxes.tensor.numpy(), reference.scores.numpy(), reference.pred_classes.numpy())

    boxes, scores, classes = ort_session(onnx_path).run(["boxes", "scores", "classes"], {"image": padded_input(resized)})
    boxes = boxes * np.array([width / resized.shape[1], height / resized.shape[0]] * 2, dtype=np.float32)
    boxes = np.clip(boxes, 0, [width, height, width, height])
    got_boxes, got_scores = people(boxes, scores, classes)
    print(f"  detector check: {len(ref_boxes)} people (PyTorch) vs {len(got_boxes)} (ONNX)")
    if len(ref_boxes) == 0:
        raise SystemExit("the check image shows no person: pass --image with a photo of a person")
    if len(ref_boxes) != len(got_boxes):
        raise SystemExit("the ONNX detector finds a different number of people than PyTorch")
    order_ref = np.argsort(-ref_scores)
    order_got = np.argsort(-got_scores)
    difference = float(np.abs(ref_boxes[order_ref] - got_boxes[order_got]).max())
    print(f"  largest box difference: {difference:.2f} px")
    if difference > tolerance_px:
        raise SystemExit(f"the ONNX detector's boxes differ from PyTorch's by {difference:.2f} px (> {tolerance_px})")


def export_detector(args, image_bgr):
    import torch

    model, augmentations = load_detector()
    _, resized = resized_rgb(image_bgr, augmentations)
    if max(resized.shape[:2]) != DETECTOR_SIZE:
        raise SystemExit(f"the detector's test resize gives {resized.shape[:2]}, expected a longest side of {DETECTOR_SIZE}")

    out_path = os.path.join(args.models_dir, "hmr2", "vitdet.onnx")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        exported = os.path.join(scratch, "vitdet.onnx")
        # Traced on a real photo so that the data-dependent paths (proposals, NMS) see detections.
        sample = torch.as_tensor(padded_input(resized))
        dynamic = {name: {0: "detections"} for name in ("boxes", "scores", "classes")}
        print("exporting the detector (ViTDet-H traces slowly on a CPU)...")
        onnx_export(detector_module(model), sample, exported, ["image"], ["boxes", "scores", "classes"], dynamic, args.opset)
        external = save_with_external_data(exported, out_path)
    if not args.skip_check:
        check_detector(model, augmentations, out_path, image_bgr, args.box_tolerance_px)
    return model_manifest.onnx_entry(
        args.models_dir,
        out_path,
        name="vitdet-h-cascade-mask-rcnn-coco",
        version=f"detectron2 ViTDet COCO cascade_mask_rcnn_vitdet_h f328730692 (model_final_f05665); onnx opset {args.opset}, torch {torch_version()}",
        external_data=external,
        licence="Apache-2.0 (detectron2 model zoo)",
        source=VITDET_WEIGHTS,
    )


# ---------------------------------------------------------------- HMR 2.0


def rot6d_to_rotmat_for_export(x):
    """hmr2.utils.geometry.rot6d_to_rotmat with the cross product written out (aten::cross has no ONNX export)."""
    import torch
    import torch.nn.functional as F

    x = x.reshape(-1, 2, 3).permute(0, 2, 1).contiguous()
    a1 = x[:, :, 0]
    a2 = x[:, :, 1]
    b1 = F.normalize(a1)
    b2 = F.normalize(a2 - (b1 * a2).sum(dim=-1, keepdim=True) * b1)
    b3 = torch.stack(
        (
            b1[:, 1] * b2[:, 2] - b1[:, 2] * b2[:, 1],
            b1[:, 2] * b2[:, 0] - b1[:, 0] * b2[:, 2],
            b1[:, 0] * b2[:, 1] - b1[:, 1] * b2[:, 0],
        ),
        dim=-1,
    )
    return torch.stack((b1, b2, b3), dim=-1)


def load_hmr2_model(checkpoint):
    from hmr2.configs import CACHE_DIR_4DHUMANS
    from hmr2.models import DEFAULT_CHECKPOINT, download_models, load_hmr2

    if checkpoint is None:
        download_models(CACHE_DIR_4DHUMANS)
        checkpoint = DEFAULT_CHECKPOINT
    model, cfg = load_hmr2(checkpoint)
    model.eval()
    if cfg.MODEL.IMAGE_SIZE != IMAGE_SIZE or tuple(cfg.MODEL.BBOX_SHAPE) != BBOX_SHAPE:
        raise SystemExit(f"unexpected HMR 2.0 input: IMAGE_SIZE {cfg.MODEL.IMAGE_SIZE}, BBOX_SHAPE {cfg.MODEL.BBOX_SHAPE}")
    if tuple(cfg.MODEL.IMAGE_MEAN) != IMAGE_MEAN or tuple(cfg.MODEL.IMAGE_STD) != IMAGE_STD:
        raise SystemExit("unexpected HMR 2.0 normalisation: the kiosk uses ImageNet's mean and SD")
    return model, cfg, checkpoint


def hmr2_module(model):
    import torch

    class Hmr2ForExport(torch.nn.Module):
        """HMR2.forward_step up to the SMPL head: img (B, 3, 256, 256) -> rotation matrices, betas, camera."""

        def __init__(self, hmr2_model):
            super().__init__()
            self.backbone = hmr2_model.backbone
            self.smpl_head = hmr2_model.smpl_head

        def forward(self, img):
            features = self.backbone(img[:, :, :, 32:-32])
            params, pred_cam, _ = self.smpl_head(features)
            return params["global_orient"], params["body_pose"], params["betas"], pred_cam

    return Hmr2ForExport(model).eval()


def hmr2_sample(cfg, image_bgr, box):
    """4D-Humans' own input for the person: ViTDetDataset(cfg, img_cv2, boxes)[0]['img']."""
    import numpy as np
    from hmr2.datasets.vitdet_dataset import ViTDetDataset

    item = ViTDetDataset(cfg, image_bgr, np.asarray([box], dtype=np.float32))[0]
    return item["img"][None].astype(np.float32)


def check_hmr2(wrapper, onnx_path, sample, tolerance, batch_dynamic):
    import numpy as np
    import torch

    names = ["global_orient", "body_pose", "betas", "pred_cam"]
    with torch.no_grad():
        reference = [t.numpy() for t in wrapper(torch.as_tensor(sample))]
    session = ort_session(onnx_path)
    got = session.run(names, {"img": sample})
    for name, ref, out in zip(names, reference, got):
        difference = float(np.abs(ref - out).max())
        print(f"  {name}: shape {list(out.shape)}, largest difference {difference:.2e}")
        if ref.shape != out.shape or difference > tolerance:
            raise SystemExit(f"the ONNX HMR 2.0 output {name} differs from PyTorch's ({difference:.2e} > {tolerance})")
    if batch_dynamic:
        twice = session.run(names, {"img": np.concatenate([sample, sample])})
        if any(out.shape[0] != 2 or float(np.abs(out[1] - one[0]).max()) > tolerance for out, one in zip(twice, got)):
            raise SystemExit("the ONNX HMR 2.0 does not run a batch of 2 like two batches of 1: export again with --fixed-batch")


def export_hmr2(args, image_bgr, box):
    import numpy as np
    import torch

    import hmr2.models.heads.smpl_head as smpl_head_module

    model, cfg, checkpoint = load_hmr2_model(args.checkpoint)
    sample = hmr2_sample(cfg, image_bgr, box)
    wrapper = hmr2_module(model)
    with torch.no_grad():
        original = [t.numpy() for t in wrapper(torch.as_tensor(sample))]
    # The head looks rot6d_to_rotmat up in its module at call time: swap in the export-friendly twin.
    smpl_head_module.rot6d_to_rotmat = rot6d_to_rotmat_for_export
    with torch.no_grad():
        patched = [t.numpy() for t in wrapper(torch.as_tensor(sample))]
    if max(float(np.abs(a - b).max()) for a, b in zip(original, patched)) > 1e-5:
        raise SystemExit("the export-friendly rot6d_to_rotmat does not reproduce 4D-Humans' one")

    out_path = os.path.join(args.models_dir, "hmr2", "hmr2.onnx")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    names = ["global_orient", "body_pose", "betas", "pred_cam"]
    dynamic = None if args.fixed_batch else {name: {0: "batch"} for name in ["img", *names]}
    with tempfile.TemporaryDirectory() as scratch:
        exported = os.path.join(scratch, "hmr2.onnx")
        print("exporting HMR 2.0...")
        onnx_export(wrapper, torch.as_tensor(sample), exported, ["img"], names, dynamic, args.opset)
        external = save_with_external_data(exported, out_path)
    if not args.skip_check:
        check_hmr2(wrapper, out_path, sample, args.tolerance, batch_dynamic=not args.fixed_batch)
    return model_manifest.onnx_entry(
        args.models_dir,
        out_path,
        name="hmr2",
        version=f"4D-Humans HMR 2.0 {os.path.basename(checkpoint)}; onnx opset {args.opset}, torch {torch_version()}",
        external_data=external,
        licence="MIT (4D-Humans code and checkpoint); trained with SMPL, see the SMPL licence",
        source="https://people.eecs.berkeley.edu/~jathushan/projects/4dhumans/hmr2_data.tar.gz",
    )


def largest_person_box(image_bgr):
    """The box 4D-Humans would crop (largest person above 0.5), from the PyTorch detector."""
    import numpy as np
    import torch

    model, augmentations = load_detector()
    rgb, resized = resized_rgb(image_bgr, augmentations)
    with torch.no_grad():
        instances = model([{"image": torch.as_tensor(resized.astype("float32").transpose(2, 0, 1)), "height": rgb.shape[0], "width": rgb.shape[1]}])[0]["instances"]
    boxes, _ = people(instances.pred_boxes.tensor.numpy(), instances.scores.numpy(), instances.pred_classes.numpy())
    if len(boxes) == 0:
        raise SystemExit("the check image shows no person: pass --image with a photo of a person")
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return boxes[int(np.argmax(areas))].tolist()


# ---------------------------------------------------------------- SMPL


def smpl_entry(args):
    path = os.path.join(args.models_dir, "smpl", "SMPL_NEUTRAL.npz")
    if not os.path.exists(path):
        print(f"  {path} is missing: convert SMPL's neutral .pkl with scripts/body/convert-smpl-pkl.py, then run this with 'smpl'")
        return None
    return model_manifest.file_entry(
        args.models_dir,
        path,
        name="SMPL neutral",
        version=args.smpl_version,
        licence="SMPL Model License: non-commercial scientific research only",
        source="https://smpl.is.tue.mpg.de",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["all", "detector", "hmr2", "smpl"])
    parser.add_argument("--models-dir", default="models")
    parser.add_argument("--checkpoint", default=None, help="HMR 2.0 checkpoint (default: 4D-Humans' DEFAULT_CHECKPOINT, downloaded)")
    parser.add_argument("--image", default=None, help="photo of a person for tracing and the checks (default: 4D-Humans' example image)")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--fixed-batch", action="store_true", help="export HMR 2.0 with batch size 1 instead of a symbolic batch")
    parser.add_argument("--tolerance", type=float, default=1e-3, help="largest accepted ONNX/PyTorch difference of the SMPL outputs")
    parser.add_argument("--box-tolerance-px", type=float, default=2.0)
    parser.add_argument("--skip-check", action="store_true", help="do not compare the ONNX models with PyTorch (not recommended)")
    parser.add_argument("--smpl-version", default="1.0.0")
    args = parser.parse_args()

    manifest = model_manifest.read_manifest(args.models_dir)
    if args.what in ("all", "detector", "hmr2"):
        import cv2

        image_path = args.image or default_image()
        image_bgr = cv2.imread(image_path)  # BGR with EXIF orientation applied, as demo.py reads photos
        if image_bgr is None:
            raise SystemExit(f"cannot read {image_path}")
        if args.what in ("all", "detector"):
            manifest["models"]["vitdet"] = export_detector(args, image_bgr)
            model_manifest.write_manifest(args.models_dir, manifest)
        if args.what in ("all", "hmr2"):
            manifest["models"]["hmr2"] = export_hmr2(args, image_bgr, largest_person_box(image_bgr))
            model_manifest.write_manifest(args.models_dir, manifest)
    if args.what in ("all", "smpl"):
        entry = smpl_entry(args)
        if entry:
            manifest["files"]["smpl_neutral"] = entry
            model_manifest.write_manifest(args.models_dir, manifest)
    print("done; the kiosk checks these files when it starts (PERFIT_PIPELINE=auto or hmr2)")


if __name__ == "__main__":
    main()
