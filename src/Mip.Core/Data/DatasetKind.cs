namespace Mip.Data;

/// <summary>The on-disk formats the data-set readers understand.</summary>
public enum DatasetKind
{
    /// <summary>CUB-200-2011 (images.txt, image_class_labels.txt, classes.txt, images/).</summary>
    Cub200,

    /// <summary>Stanford Cars: cars_annos.mat + car_ims/, or one folder per class.</summary>
    Cars196,

    /// <summary>Stanford Online Products (Ebay_train.txt, Ebay_test.txt).</summary>
    StanfordOnlineProducts,

    /// <summary>DeepFashion In-Shop Clothes Retrieval (list_eval_partition.txt, img/).</summary>
    InShop,

    /// <summary>Any folder with one subfolder of images per class.</summary>
    ImageFolder,
}
