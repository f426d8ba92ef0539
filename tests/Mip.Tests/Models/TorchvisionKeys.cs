namespace Mip.Tests.Models;

/// <summary>
/// The state-dict keys and shapes torchvision's resnet50 and googlenet (aux_logits=True, as its pretrained files are
/// saved) produce, written out independently of the modules under test by following torchvision's model code, so a
/// naming or shape mistake in a module fails the tests instead of being mirrored.
/// </summary>
internal static class TorchvisionKeys
{
    public static Dictionary<string, long[]> ResNet50(bool withClassifier)
    {
        var keys = new Dictionary<string, long[]>();
        keys["conv1.weight"] = [64, 3, 7, 7];
        BatchNorm(keys, "bn1", 64);
        int[] blocks = [3, 4, 6, 3], widths = [64, 128, 256, 512];
        long inChannels = 64;
        for (int layer = 0; layer < 4; layer++)
        for (int b = 0; b < blocks[layer]; b++)
        {
            long w = widths[layer], outChannels = w * 4;
            string p = $"layer{layer + 1}.{b}.";
            keys[p + "conv1.weight"] = [w, inChannels, 1, 1];
            BatchNorm(keys, p + "bn1", w);
            keys[p + "conv2.weight"] = [w, w, 3, 3];
            BatchNorm(keys, p + "bn2", w);
            keys[p + "conv3.weight"] = [outChannels, w, 1, 1];
            BatchNorm(keys, p + "bn3", outChannels);
            if (b == 0)
            {
                keys[p + "downsample.0.weight"] = [outChannels, inChannels, 1, 1];
                BatchNorm(keys, p + "downsample.1", outChannels);
            }
            inChannels = outChannels;
        }
        if (withClassifier)
        {
            keys["fc.weight"] = [1000, 2048];
            keys["fc.bias"] = [1000];
        }
        return keys;
    }

    public static Dictionary<string, long[]> GoogLeNet(bool withClassifierAndAux)
    {
        var keys = new Dictionary<string, long[]>();
        BasicConv(keys, "conv1", 3, 64, 7);
        BasicConv(keys, "conv2", 64, 64, 1);
        BasicConv(keys, "conv3", 64, 192, 3);
        (string Name, long[] Config)[] blocks =
        [
            ("3a", [192, 64, 96, 128, 16, 32, 32]), ("3b", [256, 128, 128, 192, 32, 96, 64]),
            ("4a", [480, 192, 96, 208, 16, 48, 64]), ("4b", [512, 160, 112, 224, 24, 64, 64]),
            ("4c", [512, 128, 128, 256, 24, 64, 64]), ("4d", [512, 112, 144, 288, 32, 64, 64]),
            ("4e", [528, 256, 160, 320, 32, 128, 128]), ("5a", [832, 256, 160, 320, 32, 128, 128]),
            ("5b", [832, 384, 192, 384, 48, 128, 128]),
        ];
        foreach (var (name, c) in blocks)
        {
            string p = $"inception{name}.";
            BasicConv(keys, p + "branch1", c[0], c[1], 1);
            BasicConv(keys, p + "branch2.0", c[0], c[2], 1);
            BasicConv(keys, p + "branch2.1", c[2], c[3], 3);
            BasicConv(keys, p + "branch3.0", c[0], c[4], 1);
            BasicConv(keys, p + "branch3.1", c[4], c[5], 3); // torchvision's 3x3 in the "5x5" branch
            BasicConv(keys, p + "branch4.1", c[0], c[6], 1);
        }
        if (withClassifierAndAux)
        {
            foreach (var (aux, inChannels) in new[] { ("aux1", 512L), ("aux2", 528L) })
            {
                BasicConv(keys, aux + ".conv", inChannels, 128, 1);
                keys[aux + ".fc1.weight"] = [1024, 2048];
                keys[aux + ".fc1.bias"] = [1024];
                keys[aux + ".fc2.weight"] = [1000, 1024];
                keys[aux + ".fc2.bias"] = [1000];
            }
            keys["fc.weight"] = [1000, 1024];
            keys["fc.bias"] = [1000];
        }
        return keys;
    }

    private static void BasicConv(Dictionary<string, long[]> keys, string prefix, long inChannels, long outChannels, long kernel)
    {
        keys[prefix + ".conv.weight"] = [outChannels, inChannels, kernel, kernel];
        BatchNorm(keys, prefix + ".bn", outChannels);
    }

    private static void BatchNorm(Dictionary<string, long[]> keys, string prefix, long channels)
    {
        keys[prefix + ".weight"] = [channels];
        keys[prefix + ".bias"] = [channels];
        keys[prefix + ".running_mean"] = [channels];
        keys[prefix + ".running_var"] = [channels];
        keys[prefix + ".num_batches_tracked"] = [];
    }
}
